// `wasmtune lr-find`: the LR range test on the model train would build.
import { UsageError } from "./args.mjs";
import { checkOutputs } from "./files.mjs";
import { prepareData } from "./prepare.mjs";
import { writeReport } from "./report_file.mjs";
import { lossFor, mlp, optimizerFor } from "./setup.mjs";

const ROWS = 15;
const sci = (v) => (Number.isFinite(v) ? v.toExponential(2) : String(v));

/** About `ROWS` evenly spaced points of the curve, the last one included. */
function table(r) {
  const n = r.lrs.length;
  const step = Math.max(1, Math.ceil(n / ROWS));
  const lines = [`${"lr".padStart(10)}  ${"loss".padStart(10)}  ${"smoothed".padStart(10)}`];
  for (let i = 0; i < n; i += step) lines.push(`${sci(r.lrs[i]).padStart(10)}  ${r.losses[i].toFixed(4).padStart(10)}  ${r.smoothed[i].toFixed(4).padStart(10)}`);
  if ((n - 1) % step !== 0) lines.push(`${sci(r.lrs[n - 1]).padStart(10)}  ${r.losses[n - 1].toFixed(4).padStart(10)}  ${r.smoothed[n - 1].toFixed(4).padStart(10)}`);
  return lines;
}

/** Run the command; returns the exit code. */
export async function lrFindCommand(wt, [file], o, print) {
  const { nn, optim, doctor } = wt;
  if (!(o.startLr > 0) || !(o.endLr > o.startLr)) throw new UsageError(`--start-lr must be positive and below --end-lr, got ${o.startLr} and ${o.endLr}`);
  await checkOutputs({ "the input CSV": file }, { "--report": o.report });
  const { task, split, scaler, yTrain, target, features } = await prepareData(wt, file, o);
  const { loss, outputs } = lossFor(nn, task, target.std);
  const model = mlp(nn, features, o.hidden, outputs, o.dropout);
  const optimizer = optimizerFor(optim, model.parameters(), { ...o, lr: o.startLr });
  const r = await doctor.lrFind({ model, loss, optimizer, train: { x: scaler.transform(split.xTrain), y: yTrain }, startLr: o.startLr, endLr: o.endLr, numIter: o.numIter, batchSize: o.batchSize, seed: o.seed });
  const why = { numIter: "all batches ran", diverged: "stopped: the smoothed loss passed 4x its best", nonFinite: "stopped: the loss became NaN or infinite" }[r.stop];
  if (!o.quiet) print(`${file}: ${r.lrs.length} batches of ${o.batchSize} from lr ${sci(o.startLr)} (${why})`);
  const s = r.suggestions;
  print(`suggested learning rates: valley ${sci(s.valley)}, slide ${sci(s.slide)}, minimum/10 ${sci(s.minimum)}, steep ${sci(s.steep)}`);
  if (!o.quiet) for (const line of table(r)) print(line);
  if (o.report) {
    await writeReport(wt, o.report, { title: `wasmtune lr-find ${file}`, lrFinder: r, model });
    if (!o.quiet) print(`saved the report to ${o.report}`);
  }
  return 0;
}
