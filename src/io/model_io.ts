import type { LoadStateDictOptions, Module, StateDict } from "../nn/module.js";
import { checkOptions } from "../options.js";
import { shapeStr } from "../tensor.js";
import { decodeSafetensors, encodeSafetensors } from "./safetensors.js";
import type { EncodeOptions, SafetensorsTensor } from "./safetensors.js";

/**
 * Safetensors entries for a state dict. Integer entries (such as
 * BatchNorm's `num_batches_tracked`) are written as I64, PyTorch's `long`.
 */
export function stateDictToSafetensors(sd: StateDict): Record<string, SafetensorsTensor> {
  const out: Record<string, SafetensorsTensor> = {};
  for (const [name, t] of Object.entries(sd)) {
    out[name] = t.dtype === "int32"
      ? { dtype: "I64", shape: t.shape.slice(), data: BigInt64Array.from(t.data, (v) => BigInt(v)) }
      : { dtype: "F32", shape: t.shape.slice(), data: Float32Array.from(t.data) };
  }
  return out;
}

/** A state dict from safetensors entries; I64 values must fit in 32 bits. */
export function safetensorsToStateDict(tensors: Record<string, SafetensorsTensor>): StateDict {
  const sd: StateDict = {};
  for (const [name, t] of Object.entries(tensors)) {
    if (t.data instanceof BigInt64Array) {
      const data = new Int32Array(t.data.length);
      for (let i = 0; i < data.length; i++) {
        const v = t.data[i];
        if (v > 2147483647n || v < -2147483648n) throw new Error(`wasmtune: "${name}" ${shapeStr(t.shape)} holds ${v}, outside the 32-bit integer range`);
        data[i] = Number(v);
      }
      sd[name] = { shape: t.shape.slice(), dtype: "int32", data };
    } else {
      sd[name] = { shape: t.shape.slice(), dtype: t.dtype === "F32" ? "float32" : "int32", data: t.data };
    }
  }
  return sd;
}

/**
 * A model's `stateDict()` as a safetensors file with PyTorch's names
 * (`0.weight`, `0.bias`, …), loadable with `safetensors.torch.load_file`
 * followed by `model.load_state_dict`. The file carries SHA-256 checksums of
 * its header and every tensor in `__metadata__` (which PyTorch ignores) unless
 * `{ checksum: false }`.
 */
export function saveModel(model: Module, metadata: Record<string, string> = {}, options: EncodeOptions = {}): Uint8Array {
  checkOptions("saveModel", options, ["checksum"]);
  return encodeSafetensors(stateDictToSafetensors(model.stateDict()), metadata, { checksum: options.checksum ?? true });
}

/**
 * Load a safetensors file (ours or PyTorch's), given as any `Uint8Array`
 * view such as a Node `Buffer`, into `model`, and return its metadata. The
 * file (structure and, when present, checksums) and every name and shape are
 * validated first: on any error nothing is written. `strict` as in
 * `Module.loadStateDict`.
 */
export function loadModel(model: Module, bytes: Uint8Array | ArrayBuffer, options: LoadStateDictOptions | boolean = {}): Record<string, string> {
  const file = decodeSafetensors(bytes);
  model.loadStateDict(safetensorsToStateDict(file.tensors), options);
  return file.metadata;
}
