// Run by tests/tune/importance_runtimes.test.mjs in Node, Deno and Bun: a
// seeded random-search study where the learning rate dominates, and its
// importances by every evaluator (the same bits everywhere). Prints one JSON line.
import * as wt from "../../dist/index.js";
const { tune } = wt;

await wt.init();
const study = await tune.createStudy({ sampler: new tune.RandomSampler({ seed: 3 }) });
await study.optimize((t) => {
  const lr = t.suggestFloat("lr", 1e-4, 1e-1, { log: true });
  const hidden = t.suggestInt("hidden", 8, 256, { log: true });
  const dropout = t.suggestFloat("dropout", 0, 0.5, { step: 0.1 });
  const optimizer = t.suggestCategorical("optimizer", ["adam", "sgd", "rmsprop"]);
  return 1e4 * (lr - 0.02) ** 2 + hidden / 1e4 + 0.01 * dropout + (optimizer === "sgd" ? 0.01 : 0);
}, { nTrials: 60 });
console.log(JSON.stringify({
  fanova: tune.importance(study),
  mdi: tune.importance(study, { evaluator: "mdi", seed: 1 }),
  pedAnova: tune.importance(study, { evaluator: "ped-anova" }),
  trials: tune.importance(study.trials, { nTrees: 8 }),
}));
