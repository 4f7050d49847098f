// What kind of problem a CSV target column poses.
import { UsageError } from "./args.mjs";

/** Most distinct integer labels a numeric target may have and still be treated as classes. */
const MAX_CLASSES = 50;

/**
 * Infer (or apply the requested) task from the target column of a `readCsv`
 * table: text labels or few distinct integers are classes (binary for two),
 * anything else is regression. Returns the targets as the loss wants them:
 * float 0/1 for binary, int32 class indices for multiclass, floats for regression.
 */
export function targetTask(table, requested) {
  const { y } = table;
  if (y === undefined) throw new UsageError("the data has no target column");
  const textClasses = table.schema.target?.classes;
  const values = Array.from(y);
  const distinct = new Set(values);
  const integral = values.every(Number.isInteger);
  let kind = requested;
  if (kind === "auto") {
    if (textClasses !== undefined || (integral && distinct.size <= MAX_CLASSES)) kind = distinct.size === 2 ? "binary" : "multiclass";
    else kind = "regression";
  }
  if (kind === "regression") {
    if (textClasses !== undefined) throw new UsageError(`the target column has text labels (${textClasses.slice(0, 3).join(", ")}, ...); it cannot be a regression target`);
    return { kind, y: Float32Array.from(values), classes: undefined };
  }
  if (!integral) throw new UsageError(`--task ${kind} needs integer or text class labels, but the target column has values such as ${values.find((v) => !Number.isInteger(v))}`);
  const sorted = [...distinct].sort((a, b) => a - b);
  const code = new Map(sorted.map((v, i) => [v, i]));
  const codes = Int32Array.from(values, (v) => code.get(v));
  const classes = sorted.map((c) => (textClasses === undefined ? String(c) : textClasses[c]));
  if (classes.length < 2) throw new UsageError(`the target column has a single class (${classes[0]}); nothing to learn`);
  if (kind === "binary") {
    if (classes.length !== 2) throw new UsageError(`--task binary needs two classes, but the target column has ${classes.length}`);
    return { kind, y: Float32Array.from(codes), classes };
  }
  return { kind, y: codes, classes };
}
