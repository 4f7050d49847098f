// Objective module for tests/tune/parallel.test.mjs: run in tuning workers.
import { tune, Tensor } from "../../dist/index.js";

export default async (trial) => {
  const x = trial.suggestFloat("x", -10, 10);
  const kind = trial.suggestCategorical("kind", ["a", "b"]);
  // Same name again: the main thread's trial answers with the first value.
  if (trial.suggestFloat("x", -10, 10) !== x) throw new Error("re-suggestion differs");
  if (trial.number === 3) throw new RangeError(`bad trial ${trial.number}`);
  if (trial.number === 6) throw new Error("uncaught failure");
  // Uses this worker's own WebAssembly instance.
  const t = Tensor.from([x, 1]);
  const y = t.data[0] * t.data[0];
  trial.setUserAttr("worker", true);
  for (let step = 0; step < 4; step++) {
    trial.report(y + step, step);
    if (trial.shouldPrune()) throw new tune.TrialPruned();
  }
  if (trial.number === 4) {
    try {
      trial.suggestInt("x", 0, 1);
    } catch (e) {
      trial.setUserAttr("error", `${e.name}: ${e.message}`);
    }
  }
  return y;
};
