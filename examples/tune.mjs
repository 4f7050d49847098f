// Tunes the small MLP of tune_objective.mjs with TPE and the median pruner,
// its trials in two workers, the study kept in an Optuna-compatible journal
// file: run it again with the same file and the study continues. From the
// repository root, after `npm run build`:
//   node examples/tune.mjs [study.log] [trials]
//   deno run --allow-read --allow-write --allow-sys=hostname examples/tune.mjs [study.log] [trials]
//   bun examples/tune.mjs [study.log] [trials]
// (Deno: the journal's lock is a symlink, which Deno allows only with
// unscoped read and write permissions; the hostname goes into its records.)
// (Optuna reads the same file: optuna.storages.JournalFileStorage(path).)
import { init, tune } from "wasmtune";

await init();
const [path = "tune-example.log", trials = "24"] = typeof Deno === "object" ? Deno.args : process.argv.slice(2);
const study = await tune.createStudy({
  studyName: "rings",
  storage: `journal:${path}`,
  loadIfExists: true,
  sampler: new tune.TPESampler({ seed: 1, constantLiar: true }),
  pruner: new tune.MedianPruner({ nStartupTrials: 5, nWarmupSteps: 2 }),
});
await study.optimize(new URL("./tune_objective.mjs", import.meta.url), {
  nTrials: Number(trials),
  workers: 2,
  workerData: { rows: 400, seed: 0, epochs: 12 },
  callbacks: [(s, t) => console.log(`trial ${t.number} ${t.state.toLowerCase()} ${t.values?.[0]?.toFixed(4) ?? ""}`)],
});
const pruned = study.trials.filter((t) => t.state === "PRUNED").length;
console.log(`${study.trials.length} trials in ${path} (${pruned} pruned); best validation loss ${study.bestValue.toFixed(4)} with`);
console.log(JSON.stringify(study.bestParams));
