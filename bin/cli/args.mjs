// Command-line parsing for `wasmtune`: node:util's parseArgs for the syntax,
// then each option's value is checked and converted here so that a bad
// argument is reported as one clear line.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { closestName } from "../../dist/options.js";

/** A mistake in the command line or the input files: printed as one line, exit code 2. */
export class UsageError extends Error {}

const int = (min) => (name, s) => {
  const v = Number(s);
  if (!/^[+-]?\d+$/.test(s) || v < min) throw new UsageError(`--${name} must be an integer >= ${min}, got "${s}"`);
  return v;
};
// Any finite number: the optimizer refuses bad values with PyTorch's wording ("Invalid learning rate: -1.0").
const number = (name, s) => {
  const v = Number(s);
  if (s.trim() === "" || !Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got "${s}"`);
  return v;
};
const positive = (name, s) => {
  const v = Number(s);
  if (s.trim() === "" || !(v > 0 && Number.isFinite(v))) throw new UsageError(`--${name} must be a positive number, got "${s}"`);
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
const delimiter = (name, s) => {
  const d = s === "tab" || s === "\\t" ? "\t" : s;
  if (d.length !== 1) throw new UsageError(`--${name} must be one character (or tab), got "${s}"`);
  return d;
};
const INVALID_POLICY = { error: "error", drop: "drop", impute: "impute-mean" };

/** How every command reads its CSV file. */
const DATA_OPTIONS = {
  delimiter: { parse: delimiter, help: "field delimiter: , ; or tab (default: detected)" },
  decimal: { parse: choice(".", ","), default: ".", help: "decimal mark of numbers: . or , (3,14 with --delimiter ';')" },
  "on-invalid": { parse: (n, s) => INVALID_POLICY[choice(...Object.keys(INVALID_POLICY))(n, s)], default: "error", help: "rows with a missing or invalid value: error (naming line and column), drop, or impute (training mean / most frequent category)" },
  quiet: { boolean: true, help: "print nothing but errors (predict and evaluate still write their result)" },
};

/** How `train` and `tune` find the target and features in their CSV file. */
const TABLE_OPTIONS = {
  target: { parse: text, help: "target column (default: the last column)" },
  task: { parse: choice("auto", "binary", "multiclass", "regression"), default: "auto", help: "binary, multiclass, regression, or auto (inferred from the target column)" },
  ignore: { multiple: true, parse: text, help: "leave out a column, e.g. an identifier (repeat for more)" },
  categorical: { multiple: true, parse: text, help: "one-hot encode a column even if it is numeric (repeat for more)" },
  "max-categories": { parse: int(1), default: "1000", help: "most categories a one-hot encoded text column may have" },
};

/** Where `train` and `tune` write their HTML report. */
const REPORT = { parse: text, help: "write a self-contained HTML report with charts (works offline) to this file" };

const duration = (name, s) => {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(s.trim());
  if (!m || !(Number(m[1]) > 0)) throw new UsageError(`--${name} must be a duration such as 90s, 10m or 2h, got "${s}"`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] ?? "s"];
};

/** Each command: its positional files, its options (parser, default, help text) and a summary. */
export const COMMANDS = {
  train: {
    files: ["DATA.csv"],
    summary: [
      "Trains a multilayer perceptron on a CSV file with a header row. The task is",
      "inferred from the target column: two classes -> binary (BCE with logits, ROC AUC),",
      "up to 50 integer or text labels -> multiclass (cross-entropy, accuracy), else",
      "regression (MSE; MAE and R2). Features are standardised on the training rows;",
      "the model keeps the weights of the epoch with the lowest validation loss.",
    ],
    options: {
      ...TABLE_OPTIONS,
      epochs: { parse: int(1), default: "50", help: "number of epochs" },
      lr: { parse: number, default: "1e-3", help: "learning rate" },
      optimizer: { parse: choice("adam", "adamw", "sgd", "rmsprop"), default: "adam", help: "adam, adamw, sgd (momentum 0.9) or rmsprop" },
      "weight-decay": { parse: number, default: "0", help: "L2 penalty (decoupled for adamw)" },
      scheduler: { parse: text, default: "none", help: "none, exponential:GAMMA, step:EPOCHS:GAMMA, cosine, onecycle or plateau[:PATIENCE[:FACTOR]]" },
      "batch-size": { parse: int(1), default: "32", help: "rows per batch" },
      "clip-grad-norm": { parse: positive, help: "scale the gradients so that their joint 2-norm is at most this (torch clip_grad_norm_) before each step" },
      "clip-grad-value": { parse: positive, help: "clamp every gradient element into [-VALUE, VALUE] (torch clip_grad_value_) before each step" },
      hidden: { parse: layers, default: "64,32", help: "hidden layer widths, e.g. 16,8 (none for a linear model)" },
      dropout: { parse: (n, s) => (Number(s) === 0 ? 0 : fraction(n, s)), default: "0", help: "dropout probability after each hidden layer" },
      seed: { parse: int(0), default: "0", help: "random seed (initialisation, split, shuffling)" },
      val: { parse: fraction, default: "0.2", help: "fraction of rows held out for validation (stratified for classification)" },
      patience: { parse: int(0), default: "10", help: "early-stopping patience in epochs (0 disables early stopping)" },
      save: { parse: text, help: "write the model (best epoch) as .safetensors with the encoders predict needs" },
      history: { parse: text, help: "write the training history as JSON" },
      doctor: { boolean: true, help: "watch the run: print the doctor's warnings as they are found and its findings at the end (docs/doctor.md)" },
      report: REPORT,
      ...DATA_OPTIONS,
    },
  },
  tune: {
    files: ["DATA.csv"],
    summary: [
      "Searches learning rate, optimizer, beta1, weight decay, depth, width, dropout, batch",
      "size and scheduler for the MLP train builds, as an Optuna study (TPE and median",
      "pruning by default), scoring each trial on validation rows; then retrains the best",
      "configuration and reports its score on held-out test rows. --storage keeps the",
      "study in an Optuna journal file that --resume continues and Optuna can read.",
    ],
    options: {
      ...TABLE_OPTIONS,
      trials: { parse: int(1), default: "50", help: "trials the study should have (with --resume, counting those already run)" },
      timeout: { parse: duration, help: "stop starting trials after this long, e.g. 10m" },
      workers: { parse: int(1), default: "1", help: "trials run in parallel, each in its own worker thread" },
      storage: { parse: text, help: "journal file (or journal:PATH) or postgresql://USER@HOST:PORT/DB holding the study" },
      "study-name": { parse: text, help: "name of the study in the storage (default: wasmtune-<file name>)" },
      resume: { boolean: true, help: "continue the study of that name in --storage" },
      sampler: { parse: choice("tpe", "random", "qmc", "cmaes"), default: "tpe", help: "tpe, random, qmc (scrambled Sobol) or cmaes" },
      pruner: { parse: choice("median", "asha", "hyperband", "none"), default: "median", help: "median, asha (successive halving), hyperband or none" },
      epochs: { parse: int(1), default: "30", help: "epochs per trial" },
      seed: { parse: int(0), default: "0", help: "random seed (split, sampler; trial k trains with seed + k)" },
      val: { parse: fraction, default: "0.2", help: "fraction of the non-test rows each trial is scored on" },
      test: { parse: fraction, default: "0.2", help: "fraction of rows held out to score the best configuration" },
      save: { parse: text, help: "write the best configuration's model as .safetensors (for predict and evaluate)" },
      report: REPORT,
      ...DATA_OPTIONS,
    },
  },
  studio: {
    files: [],
    summary: [
      "Serves the studio, a page that trains a model on a CSV file in the browser (drop",
      "the file, pick the target, watch the curves; download the model and a report).",
      "The data never leaves the browser; the server binds 127.0.0.1 unless --host says otherwise.",
    ],
    options: {
      port: { parse: int(0), default: "8747", help: "port to listen on (0: any free port)" },
      host: { parse: text, default: "127.0.0.1", help: "address to bind" },
    },
  },
  predict: {
    files: ["MODEL.safetensors", "DATA.csv"],
    summary: [
      "Applies a model saved by train --save to a CSV file (the label column may be",
      "absent), with the encoders and scaler saved with it. Writes a CSV: the input",
      "line, the probability of each class and the predicted class (regression: the prediction).",
    ],
    options: {
      output: { parse: text, help: "write the predictions to this file (default: standard output)" },
      ...DATA_OPTIONS,
    },
  },
  evaluate: {
    files: ["MODEL.safetensors", "DATA.csv"],
    summary: ["Scores a model saved by train --save on a labelled CSV file: loss and ROC AUC/accuracy, or MAE/R2."],
    options: { ...DATA_OPTIONS },
  },
  doctor: {
    files: ["DATA.csv"],
    summary: [
      "Checks a CSV file and a short training run for the classic problems: shifted or",
      "duplicated validation rows, unscaled features, class imbalance, then the loss curve,",
      "gradients, activations and optimizer of the model train would build. Prints the findings.",
    ],
    options: {},
  },
  "lr-find": {
    files: ["DATA.csv"],
    summary: [
      "Runs the LR range test (fastai's lr_find) on the model train would build: the",
      "learning rate grows exponentially batch by batch; prints the suggested rates and the curve.",
    ],
    options: {
      "start-lr": { parse: number, default: "1e-7", help: "learning rate of the first batch" },
      "end-lr": { parse: number, default: "10", help: "learning rate the ramp heads for" },
      "num-iter": { parse: int(6), default: "100", help: "batches to run at most" },
      report: { parse: text, help: "write the curve with its suggestions as a self-contained HTML page (works offline) to this file" },
    },
  },
};

// doctor and lr-find read the data and build the model as train does.
const MODEL_OPTIONS = ["target", "task", "ignore", "categorical", "max-categories", "optimizer", "weight-decay", "batch-size", "hidden", "dropout", "seed", "val"];
const shared = (names) => Object.fromEntries(names.map((k) => [k, COMMANDS.train.options[k]]));
Object.assign(COMMANDS.doctor.options, shared(MODEL_OPTIONS), shared(["lr", "clip-grad-norm", "clip-grad-value"]), { epochs: { parse: int(1), default: "10", help: "epochs of the short training run" } }, DATA_OPTIONS);
Object.assign(COMMANDS["lr-find"].options, shared(MODEL_OPTIONS), DATA_OPTIONS);

/** The package version, for --version. */
export function version() {
  return JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version;
}

/** The usage text. */
export function helpText() {
  const lines = ["Usage: wasmtune COMMAND FILES [options]", ""];
  for (const [name, c] of Object.entries(COMMANDS)) {
    lines.push(["wasmtune", name, ...c.files, "[options]"].join(" "), ...c.summary.map((l) => `  ${l}`), "");
    for (const [k, o] of Object.entries(c.options)) {
      if (name !== "train" && o === COMMANDS.train.options[k]) continue; // shared options are listed once, under train
      const flag = o.boolean ? `--${k}` : `--${k} ${k === "hidden" ? "W1,W2" : o.multiple ? "COLUMN" : "VALUE"}`;
      const def = o.default !== undefined ? ` [default: ${o.default}]` : "";
      lines.push(`  ${flag.padEnd(26)}${o.help}${def}`);
    }
    const shared = name === "train" ? [] : Object.keys(c.options).filter((k) => c.options[k] === COMMANDS.train.options[k]);
    if (shared.length > 0) lines.push(`  ${"".padEnd(26)}and ${shared.map((k) => `--${k}`).join(", ")} as for train`);
    lines.push("");
  }
  lines.push(
    `  ${"--help".padEnd(26)}show this help`,
    `  ${"--version".padEnd(26)}print the version`,
    "",
    "Example:",
    "  wasmtune train data.csv --target label --epochs 50 --lr 1e-3 --optimizer adam \\",
    "    --scheduler exponential:0.96 --batch-size 32 --hidden 16,8 --seed 0 --val 0.2 \\",
    "    --patience 5 --save model.safetensors --history history.json --report report.html",
    "  wasmtune tune data.csv --target label --trials 60 --workers 2 --storage study.log --timeout 10m",
    "  wasmtune doctor data.csv --target label",
    "  wasmtune lr-find data.csv --target label --hidden 16,8",
    "  wasmtune predict model.safetensors new.csv --output predictions.csv",
    "  wasmtune evaluate model.safetensors test.csv",
    "  wasmtune studio --port 8747",
  );
  return lines.join("\n");
}

const NEGATIVE = /^-(?:\d|\.\d)/;

/** `--lr -1` as `--lr=-1`: parseArgs would take a value starting with a dash for an option. */
function joinNegativeValues(argv, valued) {
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (valued.has(a) && i + 1 < argv.length && NEGATIVE.test(argv[i + 1])) out.push(`${a}=${argv[++i]}`);
    else out.push(a);
  }
  return out;
}

// Names other tools give some of these flags, so that a misspelling of them still finds the flag.
const SYNONYMS = { "learning-rate": "lr", "validation": "val", "validation-split": "val", "layers": "hidden", "hidden-layers": "hidden" };

/** ` did you mean --X?` for the flag of `options` nearest to `name` (directly or through a synonym), or "". */
function didYouMean(name, options) {
  const names = [...Object.keys(options), ...Object.keys(SYNONYMS).filter((k) => SYNONYMS[k] in options)];
  const near = closestName(name, names);
  return near === undefined ? "" : `; did you mean --${SYNONYMS[near] ?? near}?`;
}

/**
 * The first option in `argv` that no command knows, as a usage error naming
 * the nearest flag of the command (of any command when the command is not
 * found); undefined when every option is known. parseArgs would refuse it
 * without a suggestion.
 */
function unknownOption(argv, config) {
  const { tokens, positionals } = parseArgs({ args: argv, options: config, allowPositionals: true, strict: false, tokens: true });
  const bad = tokens.find((t) => t.kind === "option" && !(t.name in config));
  if (bad === undefined) return undefined;
  const options = COMMANDS[positionals[0]]?.options ?? config;
  const raw = argv[bad.index];
  if (raw.startsWith("--")) return new UsageError(`unknown option ${bad.rawName}${didYouMean(bad.name, options)}`);
  // A single dash: `-lr` is --lr typed short; a guess from one letter would be noise.
  const long = raw.slice(1).split("=")[0];
  return new UsageError(`unknown option ${raw.split("=")[0]}${long in options ? `; did you mean --${long}?` : ""}`);
}

/**
 * Parse `argv` (without `node` and the script). Returns `{ help: true }`,
 * `{ version: true }`, or `{ command, files, options }` with every option
 * converted; throws `UsageError` naming the first problem.
 */
export function parseCommandLine(argv) {
  if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) return { help: true };
  if (argv.includes("--version")) return { version: true };
  const all = {};
  for (const c of Object.values(COMMANDS)) Object.assign(all, c.options);
  const config = {};
  for (const [k, o] of Object.entries(all)) config[k] = { type: o.boolean ? "boolean" : "string", multiple: o.multiple === true };
  const valued = new Set(Object.keys(all).filter((k) => !all[k].boolean).map((k) => `--${k}`));
  const args = joinNegativeValues(argv, valued);
  const unknown = unknownOption(args, config);
  if (unknown) throw unknown;
  let parsed;
  try {
    parsed = parseArgs({ args, options: config, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e.message.split(". ")[0].split("\n")[0].replace(/\.$/, ""));
  }
  const [command, ...files] = parsed.positionals;
  const spec = COMMANDS[command];
  if (spec === undefined) throw new UsageError(`unknown command "${command ?? ""}"; the commands are ${Object.keys(COMMANDS).join(", ")}`);
  if (files.length !== spec.files.length) {
    throw new UsageError(`${command} needs ${spec.files.join(" and ")}, got ${files.length === 0 ? "none" : files.join(" ")}`);
  }
  for (const k of Object.keys(parsed.values)) {
    if (!(k in spec.options)) throw new UsageError(`--${k} is not an option of ${command}${didYouMean(k, spec.options)}`);
  }
  const options = {};
  for (const [k, o] of Object.entries(spec.options)) {
    const raw = parsed.values[k];
    const key = k.replace(/-(\w)/g, (_, c) => c.toUpperCase());
    if (o.boolean) options[key] = raw === true;
    else if (o.multiple) options[key] = (raw ?? []).map((s) => o.parse(k, s));
    else if (raw !== undefined) options[key] = o.parse(k, raw);
    else if (o.default !== undefined) options[key] = o.parse(k, o.default);
  }
  return { command, files, options };
}
