// A CSV file read the way a saved model's training file was: same columns,
// categories and fill values (from the schema saved with the model), same scaler.
import { UsageError } from "./args.mjs";
import { readTable, readText } from "./files.mjs";

/**
 * The rows of `file` for `saved` (from `loadSavedModel`): the table and its
 * standardised features. Unlabelled reading ignores a label column, so that
 * predictions never depend on it.
 */
export async function readForModel(wt, saved, file, o, { labelled }) {
  const text = await readText(file);
  const schema = labelled ? saved.schema : { ...saved.schema, target: undefined };
  const table = readTable(wt.data, text, { schema, onInvalid: o.onInvalid, delimiter: o.delimiter, decimal: o.decimal, source: file });
  if (table.x.shape[0] === 0) throw new UsageError(`${file} has no rows to ${labelled ? "evaluate" : "predict"}`);
  return { table, x: saved.scaler.transform(table.x) };
}

/** The labels of a table as the model's training targets: 0/1, class indices, or standardised values. */
export function savedTargets(saved, table, file) {
  const { kind, classes } = saved.task;
  if (table.y === undefined) throw new UsageError(`${file} has no column "${saved.schema.target.name}" to evaluate against`);
  if (kind === "regression") return Float32Array.from(table.y, (v) => (v - saved.target.mean) / saved.target.std);
  const text = saved.schema.target.classes;
  const codes = Int32Array.from(table.y, (v, i) => {
    const label = text ? text[v] : String(v);
    const c = classes.indexOf(label);
    if (c < 0) throw new UsageError(`${file} line ${table.lines[i]}: class "${label}" was not seen in training (classes: ${classes.join(", ")})`);
    return c;
  });
  return kind === "binary" ? Float32Array.from(codes) : codes;
}
