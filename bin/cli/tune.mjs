// `wasmtune tune`: CSV → train/validation/test split → a study over the
// default space (tune_space.mjs) → the best configuration retrained, scored
// on the test rows and optionally saved like `train --save`.
import { UsageError } from "./args.mjs";
import { formatLogs } from "./evaluate.mjs";
import { checkOutputs } from "./files.mjs";
import { modelMetadata } from "./model_file.mjs";
import { readTrainingTable } from "./prepare.mjs";
import { writeReport } from "./report_file.mjs";
import { monitorFor, suggestConfig, tabularObjective, trainConfig, tuningSplit } from "./tune_space.mjs";

/** The sampler and pruner named on the command line. */
function searchFor(tune, o) {
  const seed = o.seed;
  const sampler = {
    // Constant liar keeps parallel TPE workers from proposing the same point.
    tpe: () => new tune.TPESampler({ seed, constantLiar: o.workers > 1 }),
    random: () => new tune.RandomSampler({ seed }),
    qmc: () => new tune.QMCSampler({ seed }),
    cmaes: () => new tune.CmaEsSampler({ seed }),
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
  if (typeof v !== "number" || Number.isInteger(v)) return String(v);
  return Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4 ? v.toExponential(3) : v.toPrecision(4);
}

const finished = (t) => t.state !== "RUNNING" && t.state !== "WAITING";

/** `trial 12/60 · best val_accuracy 0.9826 (trial 9) · 4 pruned · 31s` */
function progressLine(study, total, monitor, start) {
  const trials = study.trials;
  const pruned = trials.filter((t) => t.state === "PRUNED").length;
  const failed = trials.filter((t) => t.state === "FAIL").length;
  const best = trials.some((t) => t.state === "COMPLETE") ? `best ${monitor} ${study.bestValue.toFixed(4)} (trial ${study.bestTrial.number})` : "no complete trial yet";
  const secs = ((performance.now() - start) / 1000).toFixed(0);
  return `trial ${trials.filter(finished).length}/${total} · ${best} · ${pruned} pruned${failed ? ` · ${failed} failed` : ""} · ${secs}s`;
}

/** A line that updates in place on a terminal, one line per update otherwise. */
function liveLine(print) {
  const tty = process.stdout.isTTY === true;
  let drawn = 0;
  return {
    update(text) {
      if (!tty) return print(text);
      process.stdout.write(`\r${text.padEnd(drawn)}`);
      drawn = text.length;
    },
    end() {
      if (tty && drawn > 0) process.stdout.write("\n");
    },
  };
}

/**
 * The study's storage: `journal:PATH` for a bare path; a PostgreSQL URL as
 * an RDBStorage with heartbeats, so that a worker killed on one machine has
 * its trial failed by the others and retried with the same parameters.
 */
function storageFor(tune, storage) {
  if (storage === undefined) return undefined;
  if (/^postgres(ql)?(\+[\w-]+)?:\/\//i.test(storage)) {
    return new tune.RDBStorage(storage, { heartbeatInterval: HEARTBEAT_SECONDS, failedTrialCallback: new tune.RetryFailedTrialCallback({ maxRetry: 3 }) });
  }
  return isUrl(storage) ? storage : `journal:${storage}`;
}

/** Seconds between a trial's heartbeats in a database storage (stale after twice that). */
const HEARTBEAT_SECONDS = 30;

function isUrl(storage) {
  return /^[a-z][a-z0-9+]*:/i.test(storage) && !/^[a-z]:[\\/]/i.test(storage);
}

/** The storage as printed: a database URL without its password. */
function shown(storage) {
  return storage.replace(/^([a-z][\w+.-]*:\/\/[^:/@]*):[^@/]*@/i, "$1:***@");
}

/** Run the command; returns the exit code. `print` receives finished lines. */
export async function tuneCommand(wt, [file], o, print) {
  const { data, tune } = wt;
  const storageFile = o.storage === undefined || (isUrl(o.storage) && !o.storage.startsWith("journal:")) ? undefined : o.storage.replace(/^journal:/, "");
  await checkOutputs({ "the input CSV": file, "--storage": storageFile }, { "--save": o.save, "--report": o.report });
  if (o.resume && o.storage === undefined) throw new UsageError("--resume needs --storage (the journal file holding the study)");
  const { table, task } = await readTrainingTable(data, file, o);
  const split = tuningSplit(wt, table.x, task, { val: o.val, test: o.test, seed: o.seed });
  const { monitor, direction } = monitorFor(task);
  const studyName = o.studyName ?? `wasmtune-${file.split(/[\\/]/).pop().replace(/\.csv$/i, "")}`;
  let study;
  try {
    study = await tune.createStudy({ studyName, direction, ...searchFor(tune, o), storage: storageFor(tune, o.storage), loadIfExists: o.resume });
  } catch (e) {
    if (e.name === "DuplicatedStudyError") throw new UsageError(`${shown(o.storage)} already holds a study "${studyName}"; add --resume to continue it, or choose another --study-name`);
    throw e;
  }
  const done = study.trials.filter(finished).length;
  const say = o.quiet ? () => {} : print;
  say(`${file}: ${task.y.length} rows, ${table.x.shape[1]} features, ${task.kind}; each trial trains on ${split.yTrain.length} rows and is scored by ${monitor} on ${split.yVal.length}; ${split.yTest.length} rows held out for the test`);
  if (done > 0) say(`resuming study "${studyName}" with ${done} finished trials`);
  const start = performance.now();
  const live = liveLine(print);
  const callbacks = o.quiet ? [] : [(s) => live.update(progressLine(s, o.trials, monitor, start))];
  const run = { nTrials: Math.max(0, o.trials - done), callbacks, ...(o.timeout ? { timeout: o.timeout } : {}) };
  if (o.workers > 1) {
    const workerData = { file, options: { ...o, quiet: true } };
    await study.optimize(new URL("./tune_worker.mjs", import.meta.url), { ...run, workers: o.workers, workerData });
  } else {
    await study.optimize(tabularObjective(wt, split, { epochs: o.epochs, seed: o.seed }), run);
  }
  live.end();
  if (!study.trials.some((t) => t.state === "COMPLETE")) {
    const reason = study.trials.find((t) => t.state === "FAIL")?.systemAttrs.fail_reason;
    throw new Error(`no trial completed (${study.trials.length} ran)${reason ? `; the first failure: ${reason}` : ""}`);
  }
  const best = study.bestTrial;
  say(`best ${monitor} ${study.bestValue.toFixed(4)} at trial ${best.number} of ${study.trials.length}:`);
  for (const [k, v] of Object.entries(best.params)) say(`  ${k.padEnd(18)}${formatValue(v)}`);
  const importances = study.trials.filter((t) => t.state === "COMPLETE").length >= 2 ? tune.importance(study, { seed: o.seed }) : undefined;
  if (importances) {
    say("importance (fANOVA):");
    for (const [k, v] of Object.entries(importances)) say(`  ${k.padEnd(18)}${v.toFixed(3)}`);
  }
  // Trial k trained with seed + k, so retraining its configuration reproduces its model exactly.
  const config = suggestConfig(new tune.FixedTrial(best.params, best.number));
  const { model, loss, metrics } = await trainConfig(wt, split, config, { epochs: o.epochs, seed: o.seed + best.number });
  const test = wt.train.evaluate(model, { x: split.xTest, y: split.yTest }, { loss, metrics });
  print(`test (best configuration, ${split.yTest.length} held-out rows): ${formatLogs(test)}`);
  if (o.save) {
    const meta = modelMetadata({ task, table, scaler: split.scaler, target: split.target, hidden: config.hidden, dropout: config.dropout });
    await wt.io.writeBytes(o.save, wt.io.saveModel(model, meta));
    say(`saved the model to ${o.save}`);
  }
  if (o.report) {
    await writeReport(wt, o.report, { title: `wasmtune tune ${file}`, study, ...(importances ? { importances } : {}), model }, { model, x: split.xTest, y: split.yTest, task, scores: test });
    say(`saved the report to ${o.report}`);
  }
  if (o.storage) {
    const where = shown(o.storage);
    // --trials counts the study's trials with --resume, so the hint adds to what the study holds.
    const held = study.trials.length;
    say(`continue with: wasmtune tune ${file} --storage ${where} --study-name ${studyName} --trials ${held + 20} --resume${where === o.storage ? "" : " (with the database password in place of ***)"}`);
    say(`  (20 more trials: with --resume, --trials counts the ${held} the study already has)`);
  }
  return 0;
}
