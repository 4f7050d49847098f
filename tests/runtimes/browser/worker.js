// The shared training script off the main thread, in a module Web Worker.
import * as wt from "../../../dist/index.js";
import { train } from "../train_script.js";

try {
  await wt.init();
  postMessage(await train(wt));
} catch (err) {
  postMessage({ error: String(err?.stack ?? err) });
}
