import { shapeStr } from "../tensor.js";
import { checkOptions } from "../options.js";
import { CHECKSUM_KEYS, checksumMetadata, checksumProblem } from "./checksum.js";
import type { HeaderEntry } from "./checksum.js";

// The safetensors format (https://github.com/huggingface/safetensors):
//   u64 little-endian N | N bytes of JSON header (space-padded) | tensor bytes
// The header maps each tensor name to { dtype, shape, data_offsets: [begin, end] }
// (offsets relative to the start of the tensor bytes) plus an optional
// "__metadata__" map of strings. Everything is validated before any tensor is
// returned, so a truncated or edited file never yields partial data.

/** Element types wasmtune reads and writes. */
export type SafetensorsDType = "F32" | "I32" | "I64";

/** One tensor of a safetensors file: little-endian elements in row-major order. */
export interface SafetensorsTensor {
  dtype: SafetensorsDType;
  shape: number[];
  data: Float32Array | Int32Array | BigInt64Array;
}

/** A decoded file: tensors in file order and the `__metadata__` strings. */
export interface SafetensorsFile {
  tensors: Record<string, SafetensorsTensor>;
  metadata: Record<string, string>;
}

/** Options of `encodeSafetensors`. */
export interface EncodeOptions {
  /**
   * Store SHA-256 checksums of the header and of every tensor's bytes in
   * `__metadata__` (`wasmtune.sha256.header`, `wasmtune.sha256.tensors`),
   * which `decodeSafetensors` verifies, so any flipped byte is detected and
   * the tensor it hit is named. Other readers (PyTorch) ignore them.
   */
  checksum?: boolean;
}

const MAX_HEADER = 100_000_000;
const BYTES: Record<SafetensorsDType, number> = { F32: 4, I32: 4, I64: 8 };
const ARRAY: Record<SafetensorsDType, typeof Float32Array | typeof Int32Array | typeof BigInt64Array> = {
  F32: Float32Array,
  I32: Int32Array,
  I64: BigInt64Array,
};

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error("wasmtune: safetensors support needs a little-endian host");
}

interface Entry extends HeaderEntry {
  dtype: SafetensorsDType;
}

function numel(shape: readonly number[]): number {
  return shape.reduce((a, d) => a * d, 1);
}

/**
 * Serialise tensors (and optional string metadata) as a safetensors file.
 * 8-byte types are laid out first so every tensor starts at a multiple of
 * its element size, as the reference writer does.
 */
export function encodeSafetensors(
  tensors: Record<string, SafetensorsTensor>,
  metadata: Record<string, string> = {},
  options: EncodeOptions = {},
): Uint8Array {
  checkOptions("encodeSafetensors", options, ["checksum"]);
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== "string") throw new TypeError(`wasmtune: metadata values must be strings; "${k}" is ${typeof v}`);
    if (CHECKSUM_KEYS.includes(k)) throw new Error(`wasmtune: the metadata key "${k}" is reserved for wasmtune's checksum (pass { checksum: true })`);
  }
  const names = Object.keys(tensors);
  const order = [...names.filter((n) => BYTES[tensors[n].dtype] === 8), ...names.filter((n) => BYTES[tensors[n].dtype] !== 8)];
  const entries: [string, Entry][] = [];
  let offset = 0;
  for (const name of order) {
    if (name === "__metadata__") throw new Error('wasmtune: a tensor may not be named "__metadata__"');
    const t = tensors[name];
    if (!(t.dtype in BYTES)) throw new Error(`wasmtune: unsupported safetensors dtype ${String(t.dtype)} for "${name}"`);
    if (!(t.data instanceof ARRAY[t.dtype])) throw new Error(`wasmtune: "${name}" is ${t.dtype} but its data is a ${t.data.constructor.name}`);
    if (!t.shape.every((d) => Number.isInteger(d) && d >= 0) || numel(t.shape) !== t.data.length) {
      throw new Error(`wasmtune: "${name}" has ${t.data.length} values for shape ${shapeStr(t.shape)}`);
    }
    const end = offset + t.data.byteLength;
    entries.push([name, { dtype: t.dtype, shape: t.shape.slice(), data_offsets: [offset, end] }]);
    offset = end;
  }
  const data = new Uint8Array(offset);
  for (const [name, e] of entries) {
    const t = tensors[name];
    data.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), e.data_offsets[0]);
  }
  const meta = options.checksum ? { ...metadata, ...checksumMetadata(metadata, entries, data) } : metadata;
  const header = Object.fromEntries([...(Object.keys(meta).length ? [["__metadata__", meta]] : []), ...entries]);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + padded);
  out.set(data, 8 + padded);
  return out;
}

function invalid(why: string): never {
  throw new Error(`wasmtune: invalid safetensors file: ${why}`);
}

function parseHeader(bytes: Uint8Array): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8) invalid(`it is ${bytes.length} bytes long, shorter than the 8-byte header length`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER)) invalid(`the header length ${n} is larger than the ${MAX_HEADER}-byte limit (corrupted length field?)`);
  const len = Number(n);
  if (8 + len > bytes.length) invalid(`the header needs ${len} bytes but only ${bytes.length - 8} follow the length field (truncated file?)`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + len)));
  } catch (e) {
    invalid(`the header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) invalid("the header is not a JSON object");
  return { header: header as Record<string, unknown>, dataStart: 8 + len };
}

function checkEntry(name: string, e: unknown): Entry {
  const entry = e as Partial<Entry> | null;
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) invalid(`the entry of "${name}" is not an object`);
  const { dtype, shape, data_offsets: off } = entry;
  if (typeof dtype !== "string" || !Object.hasOwn(BYTES, dtype)) invalid(`"${name}" has dtype ${brief(dtype)}; supported: F32, I32, I64`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) invalid(`"${name}" has an invalid shape ${brief(shape)}`);
  if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isSafeInteger(o) && o >= 0) || off[1] < off[0]) {
    invalid(`"${name}" has invalid data_offsets ${brief(off)}`);
  }
  if (off[1] - off[0] !== numel(shape) * BYTES[dtype]) {
    invalid(`"${name}" spans ${off[1] - off[0]} bytes but ${dtype} ${shapeStr(shape)} needs ${numel(shape) * BYTES[dtype]}`);
  }
  return { dtype, shape, data_offsets: off };
}

/** A short rendering of a header value for an error message (values from strangers may be huge or deeply nested). */
function brief(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return v.length <= 8 && v.every((x) => typeof x === "number") ? `[${v.join(", ")}]` : `an array of ${v.length}`;
  return v === null || typeof v !== "object" ? String(v) : "an object";
}

function readMetadata(raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) invalid("__metadata__ is not an object");
  for (const [k, v] of Object.entries(raw)) if (typeof v !== "string") invalid(`__metadata__[${brief(k)}] is not a string`);
  return { ...(raw as Record<string, string>) };
}

/**
 * Parse and validate a safetensors file given as any `Uint8Array` view
 * (a Node `Buffer`, a `subarray`) or an `ArrayBuffer`. Refuses, with a
 * message saying what is wrong, a file that is truncated, has trailing or
 * overlapping bytes, an unknown dtype, a size that does not match its shape,
 * or (when the file carries them) checksums that do not match its contents.
 * Tensor data is copied out of `bytes`; nothing larger than the file is
 * allocated. The checksum keys are not part of the returned metadata.
 */
export function decodeSafetensors(input: Uint8Array | ArrayBuffer): SafetensorsFile {
  if (!(input instanceof Uint8Array) && !(input instanceof ArrayBuffer)) {
    throw new TypeError(`wasmtune: decodeSafetensors expects the file's bytes as a Uint8Array or ArrayBuffer, got ${brief(input)}`);
  }
  // A plain view: Buffer's slice() shares memory, and a view need not start at offset 0 of its buffer.
  const bytes = input instanceof Uint8Array ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
  const { header, dataStart } = parseHeader(bytes);
  const available = bytes.length - dataStart;
  const metadata = readMetadata(header.__metadata__);
  const entries: [string, Entry][] = [];
  for (const [name, e] of Object.entries(header)) if (name !== "__metadata__") entries.push([name, checkEntry(name, e)]);
  // The tensors must tile the data section exactly: no gaps, overlaps or trailing bytes.
  const byOffset = entries.slice().sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0] || a[1].data_offsets[1] - b[1].data_offsets[1]);
  let end = 0;
  for (const [name, e] of byOffset) {
    if (e.data_offsets[0] !== end) invalid(`"${name}" starts at byte ${e.data_offsets[0]} of the data, expected ${end} (overlapping or missing bytes)`);
    end = e.data_offsets[1];
  }
  if (end > available) invalid(`the header describes ${end} bytes of tensor data but only ${available} are present (truncated file?)`);
  if (end < available) invalid(`${available - end} unexpected bytes follow the tensor data`);
  const data = bytes.subarray(dataStart);
  const problem = checksumProblem(metadata, entries, data);
  if (problem !== undefined) invalid(problem);
  for (const k of CHECKSUM_KEYS) delete metadata[k];
  const tensors = Object.fromEntries(entries.map(([name, e]): [string, SafetensorsTensor] => {
    const Ctor = ARRAY[e.dtype];
    return [name, { dtype: e.dtype, shape: e.shape.slice(), data: new Ctor(data.slice(...e.data_offsets).buffer) }];
  }));
  return { tensors, metadata };
}
