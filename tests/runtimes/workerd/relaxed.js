// A worker on the opt-in relaxed-SIMD build, loaded the documented edge way:
// the relaxed .wasm imported as a module and passed with `relaxedSimd`. It
// answers with the build that runs and the shared training run's losses.
import wasm from "wasmtune/wasmtune.relaxed.wasm";
import * as wt from "wasmtune";
import { train } from "../train_script.js";

export default {
  async fetch() {
    await wt.init({ source: wasm, relaxedSimd: true });
    const { losses } = await train(wt);
    return Response.json({ ...wt.runtimeInfo(), losses });
  },
};
