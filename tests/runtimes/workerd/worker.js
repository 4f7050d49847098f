// A workerd fetch handler that runs the shared training script and answers
// with its result. It loads wasmtune the documented edge way: the .wasm is
// imported as a module (declared in config.capnp), since workerd forbids
// compiling from bytes.
import wasm from "wasmtune/wasmtune.wasm";
import * as wt from "wasmtune";
import { train } from "../train_script.js";

export default {
  async fetch() {
    await wt.init(wasm);
    return Response.json(await train(wt));
  },
};
