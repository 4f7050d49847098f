// Reading and writing models and tensors: the safetensors format.
export { encodeSafetensors, decodeSafetensors } from "./safetensors.js";
export type { SafetensorsDType, SafetensorsTensor, SafetensorsFile, EncodeOptions } from "./safetensors.js";
export { saveModel, loadModel, stateDictToSafetensors, safetensorsToStateDict } from "./model_io.js";
export { readBytes } from "../runtime/load.js";
export { writeBytes } from "../runtime/files.js";
