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

/** Inverse of `encodeState`. Tensors come back as typed arrays or `TensorData` copies. */
export function decodeState(json: Json, tensors: Record<string, SafetensorsTensor>): unknown {
  if (json === null || typeof json !== "object") return json;
  if (Array.isArray(json)) return json.map((v) => decodeState(v, tensors));
  if (typeof json.$number === "string") return json.$number === "-0" ? -0 : Number(json.$number);
  if (typeof json.$tensor === "string") {
    const t = tensors[json.$tensor];
    if (t === undefined) throw new Error(`wasmtune: the checkpoint refers to a missing tensor "${json.$tensor}"`);
    if (t.dtype === "I64") throw new Error(`wasmtune: checkpoint tensor "${json.$tensor}" is I64; expected F32 or I32`);
    const data = t.data as Float32Array | Int32Array;
    if (json.as === "array") return data;
    return { shape: t.shape.slice(), dtype: t.dtype === "F32" ? "float32" : "int32", data };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) out[k] = decodeState(v, tensors);
  return out;
}
