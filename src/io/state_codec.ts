import { Tensor } from "../tensor.js";
import type { SafetensorsTensor } from "./safetensors.js";

// Turns arbitrary training state (optimizer and scheduler state dicts, loader
// positions, callback state) into JSON plus a set of named tensors, and back,
// without losing a bit: typed arrays and tensors become safetensors entries,
// and numbers JSON cannot spell (NaN, ±Infinity, -0) are tagged.

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface TensorLike {
  shape: number[];
  dtype: "float32" | "int32";
  data: Float32Array | Int32Array;
}

function isTensorData(v: object): v is TensorLike {
  const t = v as Partial<TensorLike>;
  return Array.isArray(t.shape) && (t.data instanceof Float32Array || t.data instanceof Int32Array) && (t.dtype === "float32" || t.dtype === "int32");
}

function typed(data: Float32Array | Int32Array, shape: number[]): SafetensorsTensor {
  return data instanceof Float32Array ? { dtype: "F32", shape, data: data.slice() } : { dtype: "I32", shape, data: data.slice() };
}

/**
 * Encode `value`; tensors are added to `tensors` under `prefix` + their
 * path (`optimizer.state.0.exp_avg`) and replaced by `{ $tensor: name }`.
 */
export function encodeState(value: unknown, prefix: string, tensors: Record<string, SafetensorsTensor>): Json {
  if (typeof value === "number") {
    return Number.isFinite(value) && !Object.is(value, -0) ? value : { $number: Object.is(value, -0) ? "-0" : String(value) };
  }
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (value === undefined) return null;
  if (typeof value !== "object") throw new Error(`wasmtune: cannot store a ${typeof value} at "${prefix}" in a checkpoint`);
  if (value instanceof Float32Array || value instanceof Int32Array) {
    tensors[prefix] = typed(value, [value.length]);
    return { $tensor: prefix, as: "array" };
  }
  if (value instanceof Tensor) {
    tensors[prefix] = typed(value.data, value.shape.slice());
    return { $tensor: prefix, as: "tensor" };
  }
  if (isTensorData(value)) {
    tensors[prefix] = typed(value.data, value.shape.slice());
    return { $tensor: prefix, as: "data" };
  }
  if (Array.isArray(value)) return value.map((v, i) => encodeState(v, `${prefix}.${i}`, tensors));
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = encodeState(v, `${prefix}.${k}`, tensors);
  return out;
}

/** Deeper than any real training state (optimizer → state → parameter → tensor is four levels). */
const MAX_DEPTH = 100;
const SPECIAL = new Set(["NaN", "Infinity", "-Infinity", "-0"]);

/**
 * Inverse of `encodeState`. Tensors come back as typed arrays or `TensorData`
 * copies. The JSON may come from a stranger's file: references to missing
 * tensors, unknown number tags and nesting deeper than any real state are
 * refused with an error saying where.
 */
export function decodeState(json: Json, tensors: Record<string, SafetensorsTensor>, path = "", depth = 0): unknown {
  if (json === null || typeof json !== "object") return json;
  if (depth > MAX_DEPTH) throw new Error(`wasmtune: the checkpoint state at "${path}" is nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(json)) return json.map((v, i) => (v !== null && typeof v === "object" ? decodeState(v, tensors, `${path}.${i}`, depth + 1) : v));
  if ("$number" in json) {
    if (typeof json.$number !== "string" || !SPECIAL.has(json.$number)) throw new Error(`wasmtune: the checkpoint state at "${path}" has an unknown number tag`);
    return json.$number === "-0" ? -0 : Number(json.$number);
  }
  if ("$tensor" in json) {
    const name = json.$tensor;
    const t = typeof name === "string" && Object.hasOwn(tensors, name) ? tensors[name] : undefined;
    if (t === undefined) throw new Error(`wasmtune: the checkpoint state at "${path}" refers to a missing tensor${typeof name === "string" ? ` "${name.slice(0, 100)}"` : ""}`);
    if (t.dtype === "I64") throw new Error(`wasmtune: checkpoint tensor "${name}" is I64; expected F32 or I32`);
    const data = t.data as Float32Array | Int32Array;
    if (json.as === "array") return data;
    return { shape: t.shape.slice(), dtype: t.dtype === "F32" ? "float32" : "int32", data };
  }
  return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, decodeState(v, tensors, `${path}.${k}`, depth + 1)]));
}
