// Command-line parsing for `wasmtune`: node:util's parseArgs for the syntax,
// then each option's value is checked and converted here so that a bad
// argument is reported as one clear line.
import { parseArgs } from "node:util";

/** A mistake in the command line or the input files: printed as one line, exit code 2. */
export class UsageError extends Error {}

const int = (min) => (name, s) => {
  const v = Number(s);
  if (!/^[+-]?\d+$/.test(s) || v < min) throw new UsageError(`--${name} must be an integer >= ${min}, got "${s}"`);
  return v;
};
const positive = (name, s) => {
  const v = Number(s);
  if (s.trim() === "" || !Number.isFinite(v) || v <= 0) throw new UsageError(`--${name} must be a positive number, got "${s}"`);
  return v;
};
const fraction = (name, s) => {
  const v = Number(s);
  if (s.trim() === "" || !(v > 0 && v < 1)) throw new UsageError(`--${name} must be a fraction between 0 and 1, got "${s}"`);
  return v;
};
const choice = (...choices) => (name, s) => {
  if (!choices.includes(s)) throw new UsageError(`--${name} must be one of ${choices.join(", ")}, got "${s}"`);
  return s;
};
const layers = (name, s) => {
  if (s === "" || s === "none") return [];
  const parts = s.split(",");
  if (!parts.every((p) => /^\d+$/.test(p.trim()) && Number(p) > 0)) throw new UsageError(`--${name} must be comma-separated layer widths such as 16,8, got "${s}"`);
  return parts.map(Number);
};
const text = (_name, s) => s;

/** The `train` command's options: parser, default, help text. */
export const TRAIN_OPTIONS = {
  target: { parse: text, help: "target column (default: the last column)" },
  task: { parse: choice("auto", "binary", "multiclass", "regression"), default: "auto", help: "binary, multiclass, regression, or auto (inferred from the target column)" },
  epochs: { parse: int(1), default: "50", help: "number of epochs" },
  lr: { parse: positive, default: "1e-3", help: "learning rate" },
  optimizer: { parse: choice("adam", "adamw", "sgd", "rmsprop"), default: "adam", help: "adam, adamw, sgd (momentum 0.9) or rmsprop" },
  "weight-decay": { parse: (n, s) => (Number(s) === 0 ? 0 : positive(n, s)), default: "0", help: "L2 penalty (decoupled for adamw)" },
  scheduler: { parse: text, default: "none", help: "none, exponential:GAMMA, step:EPOCHS:GAMMA, cosine, onecycle or plateau[:PATIENCE[:FACTOR]]" },
  "batch-size": { parse: int(1), default: "32", help: "rows per batch" },
  hidden: { parse: layers, default: "64,32", help: "hidden layer widths, e.g. 16,8 (none for a linear model)" },
  dropout: { parse: (n, s) => (Number(s) === 0 ? 0 : fraction(n, s)), default: "0", help: "dropout probability after each hidden layer" },
  seed: { parse: int(0), default: "0", help: "random seed (initialisation, split, shuffling)" },
  val: { parse: fraction, default: "0.2", help: "fraction of rows held out for validation (stratified for classification)" },
  patience: { parse: int(0), default: "10", help: "early-stopping patience in epochs (0 disables early stopping)" },
  save: { parse: text, help: "write the trained model as .safetensors (PyTorch state_dict names)" },
  history: { parse: text, help: "write the training history as JSON" },
  quiet: { boolean: true, help: "print only the final result" },
};

/** The usage text. */
export function helpText() {
  const rows = Object.entries(TRAIN_OPTIONS).map(([k, o]) => {
    const flag = o.boolean ? `--${k}` : `--${k} ${k === "hidden" ? "W1,W2" : "VALUE"}`;
    const def = o.default !== undefined ? ` [default: ${o.default}]` : "";
    return `  ${flag.padEnd(26)}${o.help}${def}`;
  });
  return [
    "Usage: wasmtune train DATA.csv [options]",
    "",
    "Trains a multilayer perceptron on a CSV file with a header row. The task is",
    "inferred from the target column: two classes -> binary (BCE with logits, ROC AUC),",
    "up to 50 integer or text labels -> multiclass (cross-entropy, accuracy), else",
    "regression (MSE). Features are standardised on the training rows.",
    "",
    "Options:",
    ...rows,
    `  ${"--help".padEnd(26)}show this help`,
    "",
    "Example:",
    "  wasmtune train data.csv --target label --epochs 50 --lr 1e-3 --optimizer adam \\",
    "    --scheduler exponential:0.96 --batch-size 32 --hidden 16,8 --seed 0 --val 0.2 \\",
    "    --patience 5 --save model.safetensors --history history.json",
  ].join("\n");
}

/**
 * Parse `argv` (without `node` and the script). Returns `{ help: true }`, or
 * `{ command, file, options }` with every option converted; throws
 * `UsageError` naming the first problem.
 */
export function parseCommandLine(argv) {
  if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) return { help: true };
  const config = {};
  for (const [k, o] of Object.entries(TRAIN_OPTIONS)) config[k] = o.boolean ? { type: "boolean" } : { type: "string" };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e.message.split(". ")[0].replace(/\.$/, ""));
  }
  const [command, ...files] = parsed.positionals;
  if (command !== "train") throw new UsageError(`unknown command "${command ?? ""}"; the command is "train"`);
  if (files.length !== 1) throw new UsageError(`train needs exactly one CSV file, got ${files.length === 0 ? "none" : files.join(" ")}`);
  const options = {};
  for (const [k, o] of Object.entries(TRAIN_OPTIONS)) {
    const raw = parsed.values[k];
    const key = k.replace(/-(\w)/g, (_, c) => c.toUpperCase());
    if (o.boolean) options[key] = raw === true;
    else if (raw !== undefined) options[key] = o.parse(k, raw);
    else if (o.default !== undefined) options[key] = o.parse(k, o.default);
  }
  return { command, file: files[0], options };
}
