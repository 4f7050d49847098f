import { shapeStr } from "../tensor.js";
import { sha256Hex } from "./sha256.js";
import { checkOptions } from "../options.js";

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
   * Store a SHA-256 of the header and tensor bytes under
   * `__metadata__["wasmtune.sha256"]`, which `decodeSafetensors` verifies, so
   * any flipped byte is detected. Other readers (PyTorch) ignore it.
   */
  checksum?: boolean;
}

const CHECKSUM_KEY = "wasmtune.sha256";
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

interface HeaderEntry {
  dtype: SafetensorsDType;
  shape: number[];
  data_offsets: [number, number];
}

function numel(shape: readonly number[]): number {
  return shape.reduce((a, d) => a * d, 1);
}

function digest(header: Record<string, unknown>, data: Uint8Array): string {
  return sha256Hex(new TextEncoder().encode(JSON.stringify(header)), data);
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
  const names = Object.keys(tensors);
  const order = [...names.filter((n) => BYTES[tensors[n].dtype] === 8), ...names.filter((n) => BYTES[tensors[n].dtype] !== 8)];
  const header: Record<string, unknown> = {};
  const meta: Record<string, string> = { ...metadata };
  header.__metadata__ = meta;
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
    header[name] = { dtype: t.dtype, shape: t.shape.slice(), data_offsets: [offset, end] };
    offset = end;
  }
  const data = new Uint8Array(offset);
  for (const name of order) {
    const t = tensors[name];
    const [begin] = (header[name] as HeaderEntry).data_offsets;
    data.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), begin);
  }
  if (options.checksum) meta[CHECKSUM_KEY] = digest(header, data);
  if (Object.keys(meta).length === 0) delete header.__metadata__;
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

function checkEntry(name: string, e: unknown): HeaderEntry {
  const entry = e as Partial<HeaderEntry> | null;
  if (typeof entry !== "object" || entry === null) invalid(`the entry of "${name}" is not an object`);
  const { dtype, shape, data_offsets: off } = entry;
  if (typeof dtype !== "string" || !(dtype in BYTES)) invalid(`"${name}" has dtype ${JSON.stringify(dtype)}; supported: F32, I32, I64`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) invalid(`"${name}" has an invalid shape ${JSON.stringify(shape)}`);
  if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isSafeInteger(o) && o >= 0) || off[1] < off[0]) {
    invalid(`"${name}" has invalid data_offsets ${JSON.stringify(off)}`);
  }
  if (off[1] - off[0] !== numel(shape) * BYTES[dtype]) {
    invalid(`"${name}" spans ${off[1] - off[0]} bytes but ${dtype} ${shapeStr(shape)} needs ${numel(shape) * BYTES[dtype]}`);
  }
  return entry as HeaderEntry;
}

/**
 * Parse and validate a safetensors file. Refuses, with a message saying
 * what is wrong, a file that is truncated, has trailing or overlapping
 * bytes, an unknown dtype, a size that does not match its shape, or (when
 * the file carries one) a SHA-256 that does not match its contents.
 * Tensor data is copied out of `bytes`.
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsFile {
  const { header, dataStart } = parseHeader(bytes);
  const available = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const rawMeta = header.__metadata__;
  if (rawMeta !== undefined) {
    if (typeof rawMeta !== "object" || rawMeta === null || Array.isArray(rawMeta)) invalid("__metadata__ is not an object");
    for (const [k, v] of Object.entries(rawMeta)) {
      if (typeof v !== "string") invalid(`__metadata__["${k}"] is not a string`);
      metadata[k] = v;
    }
  }
  const entries: [string, HeaderEntry][] = [];
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
  const expected = metadata[CHECKSUM_KEY];
  if (expected !== undefined) {
    delete (rawMeta as Record<string, string>)[CHECKSUM_KEY];
    const actual = digest(header, data);
    if (actual !== expected) invalid(`checksum mismatch: the contents hash to sha256 ${actual} but the file records ${expected} (the file is corrupted)`);
  }
  const tensors: Record<string, SafetensorsTensor> = {};
  for (const [name, e] of entries) {
    const [b, f] = e.data_offsets;
    const Ctor = ARRAY[e.dtype];
    tensors[name] = { dtype: e.dtype, shape: e.shape.slice(), data: new Ctor(data.slice(b, f).buffer) };
  }
  return { tensors, metadata };
}
