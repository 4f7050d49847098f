// A workerd fetch handler that runs the shared training script and the
// seeded studies of tune_script.js and answers with their results. It loads
// wasmtune the documented edge way: the .wasm is imported as a module
// (declared in config.capnp), since workerd forbids compiling from bytes.
// `/no-module` is forwarded to a separate isolate that tries `init()`
// without the module, `/relaxed` to one on the relaxed build; `/journal`
// answers with the error a journal-backed study gets here (no file system).
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
    if (path === "/journal") return Response.json(await journalError(wt));
    return Response.json({ ...(await train(wt)), tune: await tuneStudies(wt) });
  },
};

async function journalError({ tune }) {
  try {
    await tune.createStudy({ storage: "journal:study.log" });
    return { error: null };
  } catch (err) {
    return { error: err.message };
  }
}
