// Trials per minute of study.optimize(url, { workers }) with 1 and 2 workers
// on a CPU-bound objective (bench/tune/mlp_objective.mjs): how well parallel
// trials scale. `node bench/tune_workers.mjs [trials]` after `npm run build`.
import { init, tune } from "../dist/index.js";

await init();
const trials = Number(process.argv[2] ?? 16);
const objective = new URL("./tune/mlp_objective.mjs", import.meta.url);
const rates = {};
for (const workers of [1, 2, 1, 2]) {
  const study = await tune.createStudy({ sampler: new tune.RandomSampler({ seed: 0 }), pruner: new tune.NopPruner() });
  const t0 = performance.now();
  await study.optimize(objective, { nTrials: trials, workers });
  const perMinute = (trials / (performance.now() - t0)) * 60000;
  rates[workers] = Math.max(rates[workers] ?? 0, perMinute);
}
console.log(`trials/min: 1 worker ${rates[1].toFixed(1)}, 2 workers ${rates[2].toFixed(1)}, speed-up ${(rates[2] / rates[1]).toFixed(2)}x (best of 2 runs each, ${trials} trials)`);
