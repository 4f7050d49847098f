// A workerd fetch handler that runs the shared training script and answers
// with its result, and the seeded studies of tune_script.js. It loads wasmtune the documented edge way: the .wasm is
// imported as a module (declared in config.capnp), since workerd forbids
// compiling from bytes. `/no-module` is forwarded to a separate isolate that
// tries `init()` without the module, `/relaxed` to one on the relaxed build.
import wasm from "wasmtune/wasmtune.wasm";
import * as wt from "wasmtune";
import { train } from "../train_script.js";
import { tuneStudies } from "../tune_script.js";

export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === "/no-module") return env.NO_MODULE.fetch(request);
    if (path === "/relaxed") return env.RELAXED.fetch(request);
    await wt.init(wasm);
    return Response.json({ ...(await train(wt)), tune: await tuneStudies(wt) });
  },
};
