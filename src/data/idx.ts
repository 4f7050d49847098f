import { readBytes } from "../runtime/load.js";
import type { HostArray, TypedArray } from "./host.js";

/** IDX element types: name, bytes per value, array constructor and (multi-byte types) big-endian reader. */
const TYPES: Record<number, { name: string; bytes: number; make: (n: number) => TypedArray; read?: (v: DataView, at: number) => number }> = {
  0x08: { name: "ubyte", bytes: 1, make: (n) => new Uint8Array(n) },
  0x09: { name: "byte", bytes: 1, make: (n) => new Int8Array(n) },
  0x0b: { name: "short", bytes: 2, make: (n) => new Int16Array(n), read: (v, at) => v.getInt16(at) },
  0x0c: { name: "int", bytes: 4, make: (n) => new Int32Array(n), read: (v, at) => v.getInt32(at) },
  0x0d: { name: "float", bytes: 4, make: (n) => new Float32Array(n), read: (v, at) => v.getFloat32(at) },
  0x0e: { name: "double", bytes: 8, make: (n) => new Float64Array(n), read: (v, at) => v.getFloat64(at) },
};

/**
 * Decode an IDX file (the MNIST / Fashion-MNIST format), gzipped or not,
 * given as any `Uint8Array` view or an `ArrayBuffer`: big-endian header, then
 * the values in the declared type. Gzip is inflated with the standard
 * `DecompressionStream`. A damaged file is refused with the reason.
 */
export async function readIdx(bytes: Uint8Array | ArrayBuffer): Promise<HostArray> {
  let b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (b[0] === 0x1f && b[1] === 0x8b) b = await gunzip(b);
  if (b.length < 4 || b[0] !== 0 || b[1] !== 0) throw new Error("wasmtune: not an IDX file (bad magic number)");
  const type = TYPES[b[2]];
  if (type === undefined) throw new Error(`wasmtune: unknown IDX data type 0x${b[2].toString(16)}`);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ndim = b[3];
  if (b.length < 4 + 4 * ndim) throw new Error(`wasmtune: IDX file too short for its ${ndim} dimension sizes (${b.length} bytes)`);
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i));
  const count = shape.reduce((a, d) => a * d, 1);
  const start = 4 + 4 * ndim;
  if (b.length !== start + count * type.bytes) {
    throw new Error(`wasmtune: IDX file of shape [${shape.join(", ")}] (${type.name}) needs ${start + count * type.bytes} bytes, got ${b.length}`);
  }
  const data = type.make(count);
  const read = type.read;
  // Single bytes need no reordering: one copy (set() wraps ubyte to byte for signed data).
  if (read === undefined) data.set(b.subarray(start));
  else for (let i = 0; i < count; i++) data[i] = read(view, start + i * type.bytes);
  return { data, shape };
}

/** Read an IDX file (optionally gzipped) from a path or URL. */
export async function loadIdx(where: string | URL): Promise<HostArray> {
  return readIdx(await readBytes(where));
}

async function gunzip(b: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([b as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new Error(`wasmtune: the IDX file is not valid gzip data (${(e as Error).message})`);
  }
}
