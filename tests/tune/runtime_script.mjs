// Run by tests/tune/runtimes.test.mjs in Node, Deno and Bun: a seeded study
// (the parameters must be the same bits everywhere) and a study in two
// workers (worker_threads in Node, Web Workers in Deno and Bun), once with a
// module whose setup(workerData) must run once per worker. Prints one JSON line.
import * as wt from "../../dist/index.js";
const { tune } = wt;

await wt.init();
const seeded = await tune.createStudy({ studyName: "rt", sampler: new tune.RandomSampler({ seed: 11 }), pruner: new tune.HyperbandPruner({ maxResource: 9 }) });
await seeded.optimize((t) => {
  const lr = t.suggestFloat("lr", 1e-5, 1e-1, { log: true });
  const h = t.suggestInt("h", 8, 512, { log: true });
  const q = t.suggestFloat("q", 0, 1, { step: 0.05 });
  const c = t.suggestCategorical("c", ["adam", "sgd", "rmsprop"]);
  for (let s = 0; s < 9; s++) {
    t.report(lr * h + q + s / 10, s);
    if (t.shouldPrune()) throw new tune.TrialPruned();
  }
  return lr * h + q + (c === "sgd" ? 1 : 0);
}, { nTrials: 12 });
const parallel = await tune.createStudy({ sampler: new tune.RandomSampler({ seed: 1 }), pruner: new tune.NopPruner() });
console.warn = () => {};
await parallel.optimize(new URL("./objective_worker.mjs", import.meta.url), { nTrials: 6, workers: 2, catch: RangeError });
const withSetup = await tune.createStudy({ sampler: new tune.RandomSampler({ seed: 2 }) });
await withSetup.optimize(new URL("./objective_setup.mjs", import.meta.url), { nTrials: 6, workers: 2, workerData: { low: 3, high: 4, label: "from main" } });
console.log(JSON.stringify({
  params: seeded.trials.map((t) => t.params),
  states: seeded.trials.map((t) => t.state),
  workers: parallel.trials.map((t) => [t.number, t.state, t.userAttrs.worker ?? null, t.userAttrs.error ?? null]),
  setup: withSetup.trials.map((t) => [t.state, t.userAttrs.setups, t.userAttrs.label, t.params.x >= 3 && t.params.x <= 4]),
}));
