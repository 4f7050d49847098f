// Seeded mutations of valid files, for the fuzz tests: byte-level damage
// (bit flips, truncation, insertions, length fields) and, for safetensors
// files, structural damage to the JSON header (offsets, dtypes, shapes, deep
// or huge JSON) that a careless or hostile writer could produce.
import { wt } from "../helpers.mjs";

/** Uniform draws from a wasmtune `Generator`, so every run mutates the same way. */
export class Rng {
  constructor(seed) {
    this.g = new wt.Generator(seed);
  }
  int(n) {
    return this.g.nextUint32() % n;
  }
  pick(list) {
    return list[this.int(list.length)];
  }
  chance(p) {
    return this.g.nextUint32() < p * 4294967296;
  }
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Byte-level damage that needs no knowledge of the format. */
export function mutateBytes(rng, bytes) {
  const b = Uint8Array.from(bytes);
  switch (rng.int(5)) {
    case 0: {
      for (let k = 1 + rng.int(8); k > 0; k--) if (b.length) b[rng.int(b.length)] ^= 1 << rng.int(8);
      return b;
    }
    case 1:
      return b.subarray(0, rng.int(b.length + 1));
    case 2: {
      const at = rng.int(b.length + 1);
      const extra = Uint8Array.from({ length: 1 + rng.int(16) }, () => rng.int(256));
      return concat(b.subarray(0, at), extra, b.subarray(at));
    }
    case 3: {
      const at = rng.int(b.length + 1);
      return concat(b.subarray(0, at), b.subarray(at + 1 + rng.int(16)));
    }
    default: {
      if (b.length) b[rng.int(b.length)] = rng.pick([0, 0xff, 0x7f, 0x80, 0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x30]);
      return b;
    }
  }
}

/** A safetensors file's header and data section. */
export function split(bytes) {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { header: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))), data: bytes.subarray(8 + n) };
}

/** A safetensors file from a header object (or raw JSON text) and data, with any length field. */
export function join(header, data, length) {
  const json = new TextEncoder().encode(typeof header === "string" ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, length ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** JSON text of `depth` nested arrays. */
export const deep = (depth, leaf = 0) => "[".repeat(depth) + JSON.stringify(leaf) + "]".repeat(depth);

/** A value a hostile writer might put where a number, array or object belongs. */
export function junk(rng) {
  return rng.pick([
    () => null, () => -1, () => 1.5, () => 2 ** 53, () => 1e308, () => "x", () => "", () => [], () => ({}), () => true,
    () => [1, 2, 3, 4], () => [0, 0, 0, 0], () => ({ $tensor: "nope" }), () => ({ $tensor: "constructor" }), () => ({ $number: "abc" }),
    () => ({ $tensor: "model.0.weight", as: "array" }), () => JSON.parse(deep(1000)), () => Array(5000).fill(7), () => ({ epoch: -1, batch: 1e9 }),
  ])();
}

/** Damage to the parsed header (and the checkpoint JSON inside it) that keeps it valid JSON. */
export function mutateHeader(rng, bytes, { checkpointKey } = {}) {
  const { header, data } = split(bytes);
  const names = Object.keys(header).filter((k) => k !== "__metadata__");
  const name = rng.pick(names);
  const e = header[name];
  const meta = header.__metadata__ ?? {};
  // Stripping the checksums lets the damage reach the validation behind them.
  if (rng.chance(0.8)) for (const k of Object.keys(meta)) if (k.startsWith("wasmtune.sha256")) delete meta[k];
  switch (rng.int(12)) {
    case 0: e.data_offsets[rng.int(2)] += rng.pick([1, 4, 8, -4, 1e6, 2 ** 40, 2 ** 53]); break;
    case 1: e.data_offsets = header[rng.pick(names)].data_offsets.slice(); break;
    case 2: e.dtype = rng.pick(["F16", "BF16", "F64", "I64", "I32", "F32", "U8", "", null, 5, "constructor", "__proto__"]); break;
    case 3: e.shape = rng.pick([[], [0], [-1], [1.5], [2 ** 53], [2 ** 40, 2 ** 40], [2 ** 60, 0], e.shape.slice().reverse(), [...e.shape, 1], "3", null]); break;
    case 4: header[name] = junk(rng); break;
    case 5: {
      // Too deep for JSON.stringify: spliced in as text.
      e.extra = "@deep@";
      return join(JSON.stringify(header).replace('"@deep@"', deep(rng.pick([2, 100, 1000]))), data);
    }
    case 6: return join(deep(rng.pick([2, 100, 1000])), data);
    case 7: for (let i = 0, n = rng.pick([1, 10, 1000]); i < n; i++) header[`t${i}`] = { dtype: "F32", shape: [0], data_offsets: [0, 0] }; break;
    case 8: header.__metadata__ = rng.pick([junk(rng), { ...meta, k: junk(rng) }, { ...meta, [`${"k".repeat(10000)}`]: "v" }]); break;
    case 9: return join(header, data, rng.pick([0n, 1n, 7n, BigInt(data.length + 100), 2n ** 31n, 2n ** 32n + 5n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n]));
    case 10: {
      delete header[name];
      break;
    }
    default: {
      if (checkpointKey === undefined || meta[checkpointKey] === undefined) return join(header, data);
      meta[checkpointKey] = mutateJsonText(rng, meta[checkpointKey]);
    }
  }
  return join(header, data);
}

/** Replace one value somewhere inside a JSON document with junk, or damage its text. */
export function mutateJsonText(rng, text) {
  if (rng.chance(0.2)) return rng.pick([text.slice(0, rng.int(text.length)), `${text}x`, deep(rng.pick([100, 1000])), "null", "[]", "{}"]);
  const doc = JSON.parse(text);
  const paths = [];
  (function walk(v, path) {
    paths.push(path);
    if (v !== null && typeof v === "object") for (const k of Object.keys(v)) walk(v[k], [...path, k]);
  })(doc, []);
  const path = rng.pick(paths.slice(1));
  let parent = doc;
  for (const k of path.slice(0, -1)) parent = parent[k];
  if (rng.chance(0.2)) delete parent[path.at(-1)];
  else parent[path.at(-1)] = junk(rng);
  return JSON.stringify(doc);
}
