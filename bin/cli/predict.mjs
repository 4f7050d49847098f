// `wasmtune predict MODEL DATA.csv`: the saved model's predictions as CSV.
import { checkOutputs } from "./files.mjs";
import { loadSavedModel } from "./model_file.mjs";
import { readForModel } from "./saved_data.mjs";

/** A CSV field, quoted when it holds a delimiter, quote or line break. */
function field(s) {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

// Nine significant digits round-trip a float32.
const num = (v) => String(Number(v.toPrecision(9)));

/**
 * The prediction rows: per input row its file line, then each class's
 * probability and the most probable class, or the prediction in the target's units.
 */
function predictionRows(wt, saved, output, lines) {
  const { kind, classes } = saved.task;
  const rows = output.shape[0];
  if (kind === "regression") {
    const { mean, std } = saved.target;
    const y = output.data;
    return [["line", "prediction"], ...Array.from(lines, (line, i) => [String(line), num(y[i] * std + mean)])];
  }
  const probs = (kind === "binary" ? new wt.nn.Sigmoid() : new wt.nn.Softmax({ dim: 1 })).forward(output).data;
  const header = ["line", ...classes.map((c) => `probability_${c}`), "class"];
  const body = Array.from({ length: rows }, (_, i) => {
    const p = kind === "binary" ? [1 - probs[i], probs[i]] : Array.from(probs.subarray(i * classes.length, (i + 1) * classes.length));
    const best = p.indexOf(Math.max(...p));
    return [String(lines[i]), ...p.map(num), classes[best]];
  });
  return [header, ...body];
}

/** Run the command; returns the exit code. */
export async function predictCommand(wt, [modelFile, file], o, print) {
  await checkOutputs({ "the model file": modelFile, "the input CSV": file }, { "--output": o.output });
  const saved = await loadSavedModel(wt, modelFile);
  const { table, x } = await readForModel(wt, saved, file, o, { labelled: false });
  const output = wt.train.predict(saved.model, x);
  const csv = predictionRows(wt, saved, output, table.lines).map((r) => r.map(field).join(",")).join("\n");
  output.dispose();
  if (!o.output) {
    print(csv);
    return 0;
  }
  await wt.io.writeBytes(o.output, new TextEncoder().encode(`${csv}\n`));
  if (!o.quiet) print(`wrote ${table.lines.length} predictions to ${o.output}`);
  return 0;
}
