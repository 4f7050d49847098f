// Runs the shared training script and seeded studies on the page's main thread, then in a
// module Web Worker; the test reads `globalThis.results`.
import * as wt from "../../../dist/index.js";
import { train } from "../train_script.js";
import { tuneStudies } from "../tune_script.js";

function inWorker() {
  const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  return new Promise((resolve, reject) => {
    worker.onmessage = (e) => {
      worker.terminate();
      if (e.data.error) reject(new Error(e.data.error));
      else resolve(e.data);
    };
    worker.onerror = (e) => reject(new Error(`worker failed: ${e.message}`));
  });
}

globalThis.results = (async () => {
  await wt.init();
  const chromium = { ...(await train(wt)), tune: await tuneStudies(wt) };
  return { chromium, worker: await inWorker() };
})();
