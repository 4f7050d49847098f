import { Tensor, shapeStr } from "../tensor.js";

/** Typed arrays the data utilities accept and produce. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

/** A host-side (JavaScript heap) row-major array with a shape: `data.length` is the product of `shape`. */
export interface HostArray<T extends TypedArray = TypedArray> {
  data: T;
  shape: number[];
}

/** Anything with rows: nested arrays `[N][F]`, a flat array or typed array (N scalars), a `HostArray` or a `Tensor`. */
export type ArrayInput = ArrayLike<number> | readonly (readonly number[])[] | HostArray | Tensor;

/** Row-indexable inputs of `takeRows` and the splitters: the above, or any JavaScript array of rows. */
export type Rows = ArrayInput | readonly unknown[];

/** A flat numeric view of an input and its shape (first dimension = rows). Tensors are read through a live view. */
export interface Flat {
  data: ArrayLike<number>;
  shape: number[];
  /** The values are float32 (typed array or tensor), as opposed to float64 JavaScript numbers. */
  float32: boolean;
}

export function isHostArray(x: unknown): x is HostArray {
  return typeof x === "object" && x !== null && !(x instanceof Tensor) && ArrayBuffer.isView((x as HostArray).data) && Array.isArray((x as HostArray).shape);
}

/** Flatten any `ArrayInput`; `name` is used in error messages. */
export function flat(x: ArrayInput, name: string): Flat {
  if (x instanceof Tensor) return { data: x.data, shape: x.shape.slice(), float32: x.dtype === "float32" };
  if (isHostArray(x)) {
    const n = x.shape.reduce((a, d) => a * d, 1);
    if (n !== x.data.length) throw new Error(`wasmtune: ${name} has ${x.data.length} values for shape ${shapeStr(x.shape)}`);
    return { data: x.data, shape: x.shape.slice(), float32: x.data instanceof Float32Array };
  }
  if (Array.isArray(x) && x.length > 0 && Array.isArray(x[0])) {
    const rows = x as readonly (readonly number[])[];
    const cols = rows[0].length;
    const out = new Float64Array(rows.length * cols);
    rows.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== cols) {
        throw new Error(`wasmtune: ${name} row ${i} has ${Array.isArray(row) ? row.length : 0} values, row 0 has ${cols}`);
      }
      for (let j = 0; j < cols; j++) out[i * cols + j] = row[j];
    });
    return { data: out, shape: [rows.length, cols], float32: false };
  }
  const a = x as ArrayLike<number>;
  return { data: a, shape: [a.length], float32: a instanceof Float32Array };
}

/** Number of rows (first dimension) of any row-indexable input. */
export function numRows(x: Rows): number {
  if (x instanceof Tensor || isHostArray(x)) return x.shape[0] ?? 1;
  return (x as ArrayLike<unknown>).length;
}

/**
 * Pick rows by index, returning the same kind of container: a new owned
 * `Tensor`, a `HostArray` over the same typed-array type, a typed array, or a
 * JavaScript array of the selected elements.
 */
export function takeRows<T extends Rows>(x: T, index: ArrayLike<number>): T {
  if (x instanceof Tensor) {
    const out = Tensor.empty([index.length, ...x.shape.slice(1)], x.dtype);
    // Views after the allocation: a memory grow detaches earlier ones.
    copyRows(x.data, out.data, index);
    return out as T;
  }
  if (isHostArray(x)) {
    const ctor = x.data.constructor as new (n: number) => TypedArray;
    const out = new ctor((x.data.length / (x.shape[0] || 1)) * index.length);
    copyRows(x.data, out, index);
    return { data: out, shape: [index.length, ...x.shape.slice(1)] } as unknown as T;
  }
  if (ArrayBuffer.isView(x)) {
    const src = x as unknown as TypedArray;
    const ctor = src.constructor as new (n: number) => TypedArray;
    const dst = new ctor(index.length);
    for (let i = 0; i < index.length; i++) dst[i] = src[index[i]];
    return dst as unknown as T;
  }
  const src = x as ArrayLike<unknown>;
  return Array.from(index, (r) => src[r]) as unknown as T;
}

/** dst row i = src row index[i], rows being dst.length / index.length elements long. */
function copyRows(src: TypedArray, dst: TypedArray, index: ArrayLike<number>): void {
  const rowLen = index.length === 0 ? 0 : dst.length / index.length;
  for (let i = 0; i < index.length; i++) dst.set(src.subarray(index[i] * rowLen, (index[i] + 1) * rowLen), i * rowLen);
}

/** Class labels of a 1-D input, as numbers or strings. */
export function labelsOf(y: Rows, name: string): ArrayLike<number | string> {
  if (y instanceof Tensor || isHostArray(y)) {
    const f = flat(y as ArrayInput, name);
    if (f.shape.length !== 1) throw new Error(`wasmtune: ${name} must be 1-D class labels, got shape ${shapeStr(f.shape)}`);
    return f.data;
  }
  return y as ArrayLike<number | string>;
}

/** A 2-D input as flat row-major values with its row and column counts; 1-D inputs are refused. */
export function asMatrix(x: ArrayInput, name: string): { data: ArrayLike<number>; rows: number; cols: number; float32: boolean } {
  const f = flat(x, name);
  if (f.shape.length !== 2) {
    throw new Error(`wasmtune: ${name} must be 2-D [samples, features], got shape ${shapeStr(f.shape)}; reshape 1-D data to [N, 1]`);
  }
  return { data: f.data, rows: f.shape[0], cols: f.shape[1], float32: f.float32 };
}
