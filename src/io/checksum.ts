import { sha256Hex } from "./sha256.js";

// SHA-256 checksums carried in a safetensors file's `__metadata__`, so a
// flipped byte anywhere is detected and the error can name the tensor it hit:
//   "wasmtune.sha256.tensors": JSON map of tensor name → SHA-256 of its bytes
//   "wasmtune.sha256.header":  SHA-256 of the canonical header JSON (names,
//                              dtypes, shapes, offsets, metadata including the
//                              tensor map, excluding this key)
// Each byte is hashed once. Files from before this scheme carry one digest,
// "wasmtune.sha256", over the canonical header and all tensor bytes; they are
// still verified. Readers that do not know the keys (PyTorch) ignore them.

/** One tensor's entry in a safetensors header. */
export interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const WHOLE = "wasmtune.sha256";
const HEADER = "wasmtune.sha256.header";
const TENSORS = "wasmtune.sha256.tensors";

/** Metadata keys that hold checksums: written only by the encoder, removed from decoded metadata. */
export const CHECKSUM_KEYS: readonly string[] = [WHOLE, HEADER, TENSORS];

/**
 * The header as the digest sees it: `__metadata__` first, then each tensor
 * with exactly its three fields, in file order. Unknown fields a file may
 * carry are not part of it (they cannot change what is loaded).
 */
function canonical(metadata: Record<string, string>, entries: readonly [string, HeaderEntry][]): Uint8Array {
  const header = Object.fromEntries([["__metadata__", metadata], ...entries.map(([name, e]) => [name, { dtype: e.dtype, shape: e.shape, data_offsets: e.data_offsets }])]);
  return new TextEncoder().encode(JSON.stringify(header));
}

function without(metadata: Record<string, string>, key: string): Record<string, string> {
  const out = { ...metadata };
  delete out[key];
  return out;
}

/** The checksum entries to add to `metadata` for a file with these tensors and data section. */
export function checksumMetadata(metadata: Record<string, string>, entries: readonly [string, HeaderEntry][], data: Uint8Array): Record<string, string> {
  const tensors = Object.fromEntries(entries.map(([name, e]) => [name, sha256Hex(data.subarray(...e.data_offsets))]));
  const signed = { ...metadata, [TENSORS]: JSON.stringify(tensors) };
  return { [TENSORS]: signed[TENSORS], [HEADER]: sha256Hex(canonical(signed, entries)) };
}

function corrupted(what: string, actual: string, recorded: string): string {
  return `checksum mismatch for ${what}: the contents hash to sha256 ${actual} but the file records ${recorded} (the file is corrupted)`;
}

/**
 * Check a decoded file against the checksums its metadata carries; files
 * without any load unchecked. Returns why it fails, or undefined.
 */
export function checksumProblem(metadata: Record<string, string>, entries: readonly [string, HeaderEntry][], data: Uint8Array): string | undefined {
  if (metadata[WHOLE] !== undefined) {
    const actual = sha256Hex(canonical(without(metadata, WHOLE), entries), data);
    return actual === metadata[WHOLE] ? undefined : corrupted("the file", actual, metadata[WHOLE]);
  }
  const header = metadata[HEADER];
  const map = metadata[TENSORS];
  if (header === undefined && map === undefined) return undefined;
  if (header === undefined || map === undefined) return `the checksum is incomplete: it has "${header === undefined ? TENSORS : HEADER}" but not "${header === undefined ? HEADER : TENSORS}"`;
  const actual = sha256Hex(canonical(without(metadata, HEADER), entries));
  if (actual !== header) return corrupted("the header (names, dtypes, shapes, offsets and metadata)", actual, header);
  let digests: unknown;
  try {
    digests = JSON.parse(map);
  } catch {
    return `"${TENSORS}" is not valid JSON`;
  }
  if (typeof digests !== "object" || digests === null || Array.isArray(digests)) return `"${TENSORS}" is not a JSON object`;
  const recorded = digests as Record<string, unknown>;
  const names = new Set(entries.map(([name]) => name));
  const stray = Object.keys(recorded).find((k) => !names.has(k));
  if (stray !== undefined) return `"${TENSORS}" has a checksum for "${stray}", which the file does not hold`;
  for (const [name, e] of entries) {
    const want = Object.hasOwn(recorded, name) ? recorded[name] : undefined;
    if (typeof want !== "string") return `"${TENSORS}" has no checksum for tensor "${name}"`;
    const got = sha256Hex(data.subarray(...e.data_offsets));
    if (got !== want) return corrupted(`tensor "${name}"`, got, want);
  }
  return undefined;
}
