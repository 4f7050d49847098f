// `wasmtune` entry: parse, dispatch, and turn every failure into one line.
import { UsageError, helpText, parseCommandLine, version } from "./args.mjs";
import { doctorCommand } from "./doctor.mjs";
import { evaluateCommand } from "./evaluate.mjs";
import { lrFindCommand } from "./lr_find.mjs";
import { predictCommand } from "./predict.mjs";
import { studioCommand } from "./studio.mjs";
import { trainCommand } from "./train.mjs";
import { tuneCommand } from "./tune.mjs";

const RUN = { train: trainCommand, tune: tuneCommand, predict: predictCommand, evaluate: evaluateCommand, doctor: doctorCommand, "lr-find": lrFindCommand, studio: studioCommand };

/** Run the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv, print = (line) => console.log(line), printError = (line) => console.error(line)) {
  try {
    const cmd = parseCommandLine(argv);
    if (cmd.help) {
      print(helpText());
      return 0;
    }
    if (cmd.version) {
      print(`wasmtune ${version()}`);
      return 0;
    }
    const wt = await import("../../dist/index.js");
    await wt.init();
    return await RUN[cmd.command](wt, cmd.files, cmd.options, print);
  } catch (e) {
    if (e instanceof UsageError) {
      printError(`wasmtune: ${e.message} (see wasmtune --help)`);
      return 2;
    }
    printError(`wasmtune: ${String(e?.message ?? e).replace(/^wasmtune: /, "")}`);
    if (process.env.WASMTUNE_DEBUG) printError(e.stack);
    return 1;
  }
}
