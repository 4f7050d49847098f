// The tuning acceptance runs (`npm run bench:tune [-- --quick] [-- --only=a,b]`),
// over `wasmtune tune`'s default space (bin/cli/tune_space.mjs) on
// ../shared/datasets; figures go to docs/tuning.md.
//   digits      60 trials of TPE + MedianPruner on digits: best config's test accuracy, wall time
//   samplers    TPE vs random over 10 seeds × 30 trials: median best validation value, both data sets
//   pruning     TPE with MedianPruner (--pruner=asha: SuccessiveHalvingPruner, --pruner=percentile:P: PercentilePruner(P)) vs none (same seeds): total epochs and best value
//   importance  fANOVA importances of the space's parameters on both data sets
//   peer        the digits study run by Optuna + PyTorch (bench/tune_peer.py), one thread each
//   workers     trials per minute with 2 workers against 1
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as wt from "../dist/index.js";
import { parseCommandLine } from "../bin/cli/args.mjs";
import { targetTask } from "../bin/cli/task.mjs";
import { monitorFor, suggestConfig, tabularObjective, trainConfig, tuningSplit } from "../bin/cli/tune_space.mjs";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const wanted = (name) => !only || only.includes(name);
// The pruner of the samplers/pruning comparisons: median (default), asha or percentile:P.
const prunerName = args.find((a) => a.startsWith("--pruner="))?.slice(9) ?? "median";
const cfg = quick
  ? { trials: 12, epochs: 10, seeds: 2, compareTrials: 8, importanceTrials: 12, workerTrials: 6 }
  : { trials: 60, epochs: 30, seeds: 10, compareTrials: 30, importanceTrials: 60, workerTrials: 40 };
const log = (msg) => process.stderr.write(`${msg}\n`);
const { tune } = wt;
await wt.init();
const makePruner = prunerName.startsWith("percentile:")
  ? () => new tune.PercentilePruner(Number(prunerName.slice(11)))
  : { median: () => new tune.MedianPruner(), asha: () => new tune.SuccessiveHalvingPruner() }[prunerName];
if (!makePruner) throw new Error(`bench: --pruner must be median, asha or percentile:P, got ${prunerName}`);

const datasetPath = (name) => fileURLToPath(new URL(`../../shared/datasets/${name}.csv`, import.meta.url));
function load(name, seed) {
  const file = datasetPath(name);
  const table = wt.data.readCsv(readFileSync(file, "utf8"), { target: "label", source: file });
  const task = targetTask(table, "auto");
  return { file, task, split: tuningSplit(wt, table.x, task, { val: 0.2, test: 0.2, seed }) };
}

/** Run one study; returns it with its wall time and total epochs trained. */
async function study(split, { sampler, pruner, trials, epochs, seed }) {
  const { direction } = monitorFor(split.task);
  const s = await tune.createStudy({ direction, sampler, pruner });
  const start = performance.now();
  await s.optimize(tabularObjective(wt, split, { epochs, seed }), { nTrials: trials });
  const seconds = (performance.now() - start) / 1000;
  const totalEpochs = s.trials.reduce((n, t) => n + t.intermediateValues.size, 0);
  return { study: s, seconds, totalEpochs };
}

/** The best trial's configuration retrained (same seed, so the same model) and scored on the test rows. */
async function testScore(split, s, { epochs, seed }) {
  const best = s.bestTrial;
  const { model, loss, metrics } = await trainConfig(wt, split, suggestConfig(new tune.FixedTrial(best.params, best.number)), { epochs, seed: seed + best.number });
  return wt.train.evaluate(model, { x: split.xTest, y: split.yTest }, { loss, metrics });
}

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const out = {};

if (wanted("digits")) {
  log("digits: TPE + MedianPruner…");
  const { split } = load("digits", 0);
  const r = await study(split, { sampler: new tune.TPESampler({ seed: 0 }), pruner: new tune.MedianPruner(), trials: cfg.trials, epochs: cfg.epochs, seed: 0 });
  const test = await testScore(split, r.study, { epochs: cfg.epochs, seed: 0 });
  out.digits = { trials: cfg.trials, seconds: r.seconds, bestValue: r.study.bestValue, testAccuracy: test.accuracy, pruned: r.study.trials.filter((t) => t.state === "PRUNED").length, epochs: r.totalEpochs, params: r.study.bestParams };
  console.log(`digits: ${cfg.trials} trials in ${r.seconds.toFixed(1)} s; best val accuracy ${r.study.bestValue.toFixed(4)}; test accuracy ${test.accuracy.toFixed(4)}; ${out.digits.pruned} pruned; ${r.totalEpochs} epochs`);
}

if (wanted("samplers") || wanted("pruning")) {
  for (const name of ["breast_cancer", "digits"]) {
    const rows = { tpe: [], random: [], tpeNoPrune: [] };
    const epochs = { tpe: 0, tpeNoPrune: 0 };
    for (let seed = 0; seed < cfg.seeds; seed++) {
      log(`${name}: seed ${seed}…`);
      const { split } = load(name, seed);
      const common = { trials: cfg.compareTrials, epochs: cfg.epochs, seed };
      const tpe = await study(split, { ...common, sampler: new tune.TPESampler({ seed }), pruner: makePruner() });
      rows.tpe.push(tpe.study.bestValue);
      epochs.tpe += tpe.totalEpochs;
      if (wanted("samplers")) rows.random.push((await study(split, { ...common, sampler: new tune.RandomSampler({ seed }), pruner: makePruner() })).study.bestValue);
      if (wanted("pruning")) {
        const full = await study(split, { ...common, sampler: new tune.TPESampler({ seed }), pruner: new tune.NopPruner() });
        rows.tpeNoPrune.push(full.study.bestValue);
        epochs.tpeNoPrune += full.totalEpochs;
      }
    }
    const { monitor } = monitorFor(load(name, 0).task);
    out[name] = { monitor, seeds: cfg.seeds, trials: cfg.compareTrials, medianBest: { tpe: median(rows.tpe), random: rows.random.length ? median(rows.random) : undefined, tpeNoPrune: rows.tpeNoPrune.length ? median(rows.tpeNoPrune) : undefined }, epochs, rows };
    if (wanted("samplers")) console.log(`${name}: median best ${monitor} after ${cfg.compareTrials} trials over ${cfg.seeds} seeds: TPE ${median(rows.tpe).toFixed(4)}, random ${median(rows.random).toFixed(4)}`);
    if (wanted("pruning")) {
      const cut = 1 - epochs.tpe / epochs.tpeNoPrune;
      console.log(`${name}: ${prunerName} pruning trained ${epochs.tpe} epochs against ${epochs.tpeNoPrune} without pruning (${(cut * 100).toFixed(0)}% fewer); median best ${median(rows.tpe).toFixed(4)} vs ${median(rows.tpeNoPrune).toFixed(4)}`);
    }
  }
}

if (wanted("importance")) {
  for (const name of ["breast_cancer", "digits"]) {
    log(`${name}: importance…`);
    const { split } = load(name, 0);
    // Random sampling: importances describe the space, not where TPE chose to look.
    const r = await study(split, { sampler: new tune.RandomSampler({ seed: 0 }), pruner: new tune.NopPruner(), trials: cfg.importanceTrials, epochs: cfg.epochs, seed: 0 });
    const imp = tune.importance(r.study, { evaluator: "fanova", seed: 0 });
    out[`${name}Importance`] = imp;
    console.log(`${name}: fANOVA importance over ${cfg.importanceTrials} random trials: ${Object.entries(imp).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(", ")}`);
  }
}

if (wanted("peer")) {
  log("peer: Optuna + PyTorch…");
  const script = fileURLToPath(new URL("./tune_peer.py", import.meta.url));
  const env = { ...process.env, OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  const spec = { file: datasetPath("digits"), seed: 0, epochs: cfg.epochs, trials: cfg.trials };
  const p = spawnSync("/usr/bin/python3", [script], { input: JSON.stringify(spec), env, encoding: "utf8", maxBuffer: 1 << 24 });
  if (p.status !== 0) throw new Error(`bench: the Optuna + PyTorch peer failed: ${p.stderr.trim().split("\n").pop()}`);
  const peer = JSON.parse(p.stdout);
  const ours = out.digits ?? (await (async () => {
    const { split } = load("digits", 0);
    const r = await study(split, { sampler: new tune.TPESampler({ seed: 0 }), pruner: new tune.MedianPruner(), trials: cfg.trials, epochs: cfg.epochs, seed: 0 });
    const test = await testScore(split, r.study, { epochs: cfg.epochs, seed: 0 });
    return { seconds: r.seconds, testAccuracy: test.accuracy, epochs: r.totalEpochs };
  })());
  out.peer = peer;
  console.log(`peer (Optuna ${peer.optuna} + PyTorch ${peer.torch}, 1 thread): ${peer.seconds.toFixed(1)} s, test accuracy ${peer.test_accuracy.toFixed(4)}, ${peer.epochs} epochs; wasmtune ${ours.seconds.toFixed(1)} s, test accuracy ${ours.testAccuracy.toFixed(4)}, ${ours.epochs} epochs: ×${(peer.seconds / ours.seconds).toFixed(2)} faster`);
}

if (wanted("workers")) {
  const { file } = load("digits", 0);
  const rates = {};
  for (const workers of [1, 2]) {
    log(`workers: ${workers}…`);
    const s = await tune.createStudy({ direction: "maximize", sampler: new tune.RandomSampler({ seed: 0 }), pruner: new tune.NopPruner() });
    const start = performance.now();
    const { options } = parseCommandLine(["tune", file, "--target", "label", "--epochs", String(cfg.epochs)]);
    const workerData = { file, options };
    await s.optimize(new URL("../bin/cli/tune_worker.mjs", import.meta.url), { nTrials: cfg.workerTrials, workers, workerData });
    rates[workers] = cfg.workerTrials / ((performance.now() - start) / 60000);
  }
  out.workers = rates;
  console.log(`workers: ${rates[1].toFixed(1)} trials/min with 1 worker, ${rates[2].toFixed(1)} with 2 (×${(rates[2] / rates[1]).toFixed(2)})`);
}

if (args.includes("--json")) console.log(JSON.stringify(out, null, 1));
