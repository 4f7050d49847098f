import { rt } from "./runtime/wasm.js";

/** Element type of a tensor. Class-index targets use `int32`; everything else `float32`. */
export type DType = "float32" | "int32";

/** Nested arrays of numbers, as `Tensor.toArray()` returns and `Tensor.from()` accepts. */
export type NestedArray = number | NestedArray[];

/** Format a shape the way error messages print it: `[2, 3]`. */
export function shapeStr(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`wasmtune: invalid shape ${shapeStr(shape)}`);
    n *= d;
  }
  return n;
}

/**
 * A dense, row-major tensor whose elements live in WebAssembly linear memory.
 *
 * `ptr` is the byte offset of the first element. Tensors created with
 * `Tensor.from/zeros/empty/full` own their memory and release it with
 * `dispose()`; views from `reshape()` share it. Tensors returned by a module's
 * `forward`/`backward` belong to that module and are overwritten by its next
 * call: copy them (`clone()`, `toArray()`) to keep them.
 */
export class Tensor {
  /** Byte offset of element 0 in linear memory. */
  readonly ptr: number;
  /** Dimensions, outermost first. */
  readonly shape: number[];
  /** Number of elements. */
  readonly size: number;
  readonly dtype: DType;
  private readonly owner: boolean;
  private released = false;

  /** @internal Use the static constructors. */
  constructor(ptr: number, shape: readonly number[], dtype: DType, owner: boolean) {
    this.ptr = ptr;
    this.shape = shape.slice();
    this.size = sizeOf(shape);
    this.dtype = dtype;
    this.owner = owner;
  }

  /** A tensor with unspecified contents (fastest; fill it before reading). */
  static empty(shape: readonly number[], dtype: DType = "float32"): Tensor {
    const n = sizeOf(shape);
    return new Tensor(rt().allocator.alloc(n * 4), shape, dtype, true);
  }

  /** A tensor of zeros. */
  static zeros(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return Tensor.empty(shape, dtype).zero();
  }

  /** A tensor filled with `value`. */
  static full(shape: readonly number[], value: number, dtype: DType = "float32"): Tensor {
    const t = Tensor.empty(shape, dtype);
    t.data.fill(value);
    return t;
  }

  /**
   * Copy numbers into a new tensor. `data` is a typed array or flat array
   * (then `shape` defaults to `[length]`), or nested arrays whose shape is
   * inferred (ragged nesting is refused).
   */
  static from(data: ArrayLike<number> | NestedArray[], shape?: readonly number[], dtype: DType = "float32"): Tensor {
    let flat: ArrayLike<number>;
    let inferred: number[];
    if (Array.isArray(data) && data.length > 0 && Array.isArray(data[0])) {
      inferred = [];
      let probe: NestedArray = data;
      while (Array.isArray(probe)) {
        inferred.push(probe.length);
        probe = probe[0];
      }
      const out: number[] = [];
      flatten(data, inferred, 0, out);
      flat = out;
    } else {
      flat = data as ArrayLike<number>;
      inferred = [flat.length];
    }
    const s = shape ?? inferred;
    if (sizeOf(s) !== flat.length) {
      throw new Error(`wasmtune: cannot make a tensor of shape ${shapeStr(s)} from ${flat.length} values`);
    }
    const t = Tensor.empty(s, dtype);
    t.data.set(flat);
    return t;
  }

  /** Live view of the elements. Valid until the next allocation (memory may grow); do not keep it. */
  get data(): Float32Array | Int32Array {
    this.check();
    const r = rt();
    const view = this.dtype === "int32" ? r.i32 : r.f32;
    const at = this.ptr >>> 2;
    return view.subarray(at, at + this.size);
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Whether `dispose()` has been called. */
  get isDisposed(): boolean {
    return this.released;
  }

  /** Set every element to zero, in place (cheaper than `data.fill(0)`, which builds a view). */
  zero(): this {
    this.check();
    rt().u8.fill(0, this.ptr, this.ptr + this.size * 4);
    return this;
  }

  /** Overwrite the elements from a flat array of the same length. */
  set(values: ArrayLike<number>): this {
    if (values.length !== this.size) {
      throw new Error(`wasmtune: cannot set ${values.length} values into a tensor of shape ${shapeStr(this.shape)}`);
    }
    this.data.set(values);
    return this;
  }

  /** A copy of the elements as a flat typed array. */
  toFloat32Array(): Float32Array {
    return Float32Array.from(this.data);
  }

  /** The elements as nested arrays, like PyTorch's `tolist()`. */
  toArray(): NestedArray {
    const d = this.data;
    if (this.shape.length === 0) return d[0];
    return nest(d, this.shape, 0, 0);
  }

  /** The single element of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`wasmtune: item() needs a one-element tensor, got shape ${shapeStr(this.shape)}`);
    return this.data[0];
  }

  /** An owned copy. */
  clone(): Tensor {
    const t = Tensor.empty(this.shape, this.dtype);
    rt().u8.copyWithin(t.ptr, this.ptr, this.ptr + this.size * 4);
    return t;
  }

  /** A view with another shape over the same memory; one dimension may be -1. */
  reshape(shape: readonly number[]): Tensor {
    this.check();
    const s = shape.slice();
    const free = s.indexOf(-1);
    if (free >= 0) {
      const rest = s.reduce((a, d, i) => (i === free ? a : a * d), 1);
      s[free] = rest === 0 ? 0 : this.size / rest;
    }
    if (!s.every((d) => Number.isInteger(d) && d >= 0) || sizeOf(s) !== this.size) {
      throw new Error(`wasmtune: cannot reshape a tensor of shape ${shapeStr(this.shape)} to ${shapeStr(shape)}`);
    }
    return new Tensor(this.ptr, s, this.dtype, false);
  }

  /** Release the memory (owned tensors only; views are left alone). Idempotent. */
  dispose(): void {
    if (this.released) return;
    this.released = true;
    if (this.owner) rt().allocator.free(this.ptr);
  }

  toString(): string {
    return `Tensor(shape=${shapeStr(this.shape)}, dtype=${this.dtype})`;
  }

  private check(): void {
    if (this.released) throw new Error(`wasmtune: use of a disposed tensor of shape ${shapeStr(this.shape)}`);
  }
}

/**
 * @internal A reusable buffer: returns `prev` when it already has `shape`'s
 * size and dtype (re-shaped in place), otherwise frees it and allocates. Lets
 * modules keep their outputs across steps so steady-state training allocates
 * nothing.
 */
export function workspace(prev: Tensor | undefined, shape: readonly number[], dtype: DType = "float32"): Tensor {
  if (prev !== undefined && !prev.isDisposed && prev.dtype === dtype && prev.size === sizeOf(shape)) {
    const s = prev.shape;
    if (s.length !== shape.length) s.length = shape.length;
    for (let i = 0; i < shape.length; i++) s[i] = shape[i];
    return prev;
  }
  prev?.dispose();
  return Tensor.empty(shape, dtype);
}

function flatten(a: NestedArray[], shape: number[], depth: number, out: number[]): void {
  if (a.length !== shape[depth]) throw new Error("wasmtune: ragged nested array; every row must have the same length");
  for (const v of a) {
    if (depth + 1 < shape.length) {
      if (!Array.isArray(v)) throw new Error("wasmtune: ragged nested array; every row must have the same length");
      flatten(v, shape, depth + 1, out);
    } else {
      if (Array.isArray(v)) throw new Error("wasmtune: ragged nested array; every row must have the same length");
      out.push(v);
    }
  }
}

function nest(d: ArrayLike<number>, shape: number[], depth: number, offset: number): NestedArray[] {
  const n = shape[depth];
  const out: NestedArray[] = new Array(n);
  if (depth === shape.length - 1) {
    for (let i = 0; i < n; i++) out[i] = d[offset + i];
    return out;
  }
  let stride = 1;
  for (let j = depth + 1; j < shape.length; j++) stride *= shape[j];
  for (let i = 0; i < n; i++) out[i] = nest(d, shape, depth + 1, offset + i * stride);
  return out;
}
