// The shared training script and seeded studies off the main thread, in a module Web Worker.
import * as wt from "../../../dist/index.js";
import { train } from "../train_script.js";
import { tuneStudies } from "../tune_script.js";

try {
  await wt.init();
  postMessage({ ...(await train(wt)), tune: await tuneStudies(wt) });
} catch (err) {
  postMessage({ error: String(err?.stack ?? err) });
}
