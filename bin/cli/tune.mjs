// `wasmtune tune`: CSV → train/validation/test split → a study over the
// default space (tune_space.mjs) → the best configuration retrained, scored
// on the test rows and optionally saved.
import { UsageError } from "./args.mjs";
import { monitorFor, suggestConfig, tabularObjective, trainConfig, tuningSplit } from "./tune_space.mjs";

/** Seconds from `90`, `90s`, `10m` or `2h`. */
export function parseDuration(name, s) {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(s.trim());
  if (!m || Number(m[1]) <= 0) throw new UsageError(`--${name} must be a duration such as 90s, 10m or 2h, got "${s}"`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] ?? "s"];
}

/** The sampler and pruner named on the command line. */
function searchFor(tune, o) {
  const sampler = {
    tpe: () => new tune.TPESampler({ seed: o.seed, constantLiar: o.workers > 1 }),
    random: () => new tune.RandomSampler({ seed: o.seed }),
    qmc: () => new tune.QMCSampler({ seed: o.seed }),
    cmaes: () => new tune.CmaEsSampler({ seed: o.seed }),
  }[o.sampler]();
  const pruner = {
    median: () => new tune.MedianPruner(),
    asha: () => new tune.SuccessiveHalvingPruner(),
    hyperband: () => new tune.HyperbandPruner({ maxResource: o.epochs }),
    none: () => new tune.NopPruner(),
  }[o.pruner]();
  return { sampler, pruner };
}

function formatValue(v) {
  if (typeof v !== "number") return String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4 ? v.toExponential(3) : v.toPrecision(4);
}

/** A live line per finished trial: `trial 12/60 · best val_accuracy 0.9826 (trial 9) · 4 pruned`. */
function progressLine(study, nTrials, monitor, start) {
  const trials = study.trials;
  const done = trials.filter((t) => t.state !== "RUNNING" && t.state !== "WAITING").length;
  const pruned = trials.filter((t) => t.state === "PRUNED").length;
  const failed = trials.filter((t) => t.state === "FAIL").length;
  const complete = trials.some((t) => t.state === "COMPLETE");
  const best = complete ? `best ${monitor} ${study.bestValue.toFixed(4)} (trial ${study.bestTrial.number})` : "no complete trial yet";
  const secs = ((performance.now() - start) / 1000).toFixed(0);
  return `trial ${done}/${nTrials} · ${best} · ${pruned} pruned${failed ? ` · ${failed} failed` : ""} · ${secs}s`;
}

/**
 * Run the command; returns the exit code. `table`/`task` come from the CSV as
 * for `train`; `print` receives finished lines, `status` the live line.
 */
export async function tuneCommand(wt, file, table, task, o, print, status) {
  const { tune } = wt;
  const split = tuningSplit(wt, table.x, task, { val: o.val, test: o.test, seed: o.seed });
  const { monitor, direction } = monitorFor(task);
  const { sampler, pruner } = searchFor(tune, o);
  const studyName = o.studyName ?? `wasmtune-${file.split(/[\\/]/).pop().replace(/\.csv$/i, "")}`;
  const storage = o.storage === undefined ? undefined : o.storage.includes(":") && !/^[A-Za-z]:[\\/]/.test(o.storage) ? o.storage : `journal:${o.storage}`;
  let study;
  try {
    study = await tune.createStudy({ studyName, direction, sampler, pruner, storage, loadIfExists: o.resume });
  } catch (e) {
    if (e.name === "DuplicatedStudyError") throw new UsageError(`${o.storage} already holds the study "${studyName}"; pass --resume to continue it, or another --study-name`);
    throw e;
  }
  const finished = study.trials.filter((t) => t.state !== "RUNNING" && t.state !== "WAITING").length;
  const nTrials = Math.max(0, o.trials - finished);
  if (!o.quiet) {
    print(`${file}: ${task.y.length} rows, ${table.x.shape[1]} features, ${task.kind}; tuning on ${split.yTrain.length} training rows, scoring ${monitor} on ${split.yVal.length}, testing on ${split.yTest.length}`);
    if (finished > 0) print(`resuming study "${studyName}" at ${finished} finished trials`);
  }
  const start = performance.now();
  const callbacks = o.quiet ? [] : [(s) => status(progressLine(s, o.trials, monitor, start))];
  const config = { file, target: o.target, seed: o.seed, val: o.val, test: o.test, epochs: o.epochs, task: o.task };
  const optimizeOptions = { nTrials, callbacks, ...(o.timeout ? { timeout: o.timeout } : {}) };
  if (o.workers > 1) await study.optimize(new URL("./tune_worker.mjs", import.meta.url), { ...optimizeOptions, workers: o.workers, workerData: config });
  else await study.optimize(tabularObjective(wt, split, { epochs: o.epochs, seed: o.seed }), optimizeOptions);
  status("");
  if (!study.trials.some((t) => t.state === "COMPLETE")) throw new Error(`no trial completed (${study.trials.length} ran); see the failures with --storage and Optuna, or run wasmtune train to see the error`);
  const best = study.bestTrial;
  print(`best ${monitor} ${study.bestValue.toFixed(4)} at trial ${best.number} of ${study.trials.length}:`);
  for (const [k, v] of Object.entries(best.params)) print(`  ${k.padEnd(18)}${formatValue(v)}`);
  const complete = study.trials.filter((t) => t.state === "COMPLETE").length;
  if (complete >= 2) {
    const imp = tune.importance(study, { seed: o.seed });
    print("importance (fANOVA):");
    for (const [k, v] of Object.entries(imp)) print(`  ${k.padEnd(18)}${v.toFixed(3)}`);
  }
  // Trial k trained with seed + k: retraining its configuration reproduces its model exactly.
  const { model, loss, metrics } = await trainConfig(wt, split, suggestConfig(new tune.FixedTrial(best.params, best.number)), { epochs: o.epochs, seed: o.seed + best.number });
  const test = wt.train.evaluate(model, { x: split.xTest, y: split.yTest }, { loss, metrics });
  print(`test: ${Object.entries(test).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(", ")}`);
  if (o.storage && !o.quiet) print(`resume with: wasmtune tune ${file} --storage ${o.storage} --study-name ${studyName} --trials ${o.trials + 20} --resume`);
  return { model, split, task, test };
}

