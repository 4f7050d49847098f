// Output files must never be input files (or each other): `--save data.csv`
// would replace the data the model was trained on.
import { stat, realpath } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "./args.mjs";

/** What identifies a file: its device and inode when it exists (hard and symbolic links included), else its resolved path. */
async function identity(file) {
  const s = await stat(file).catch(() => undefined);
  if (s) return `inode ${s.dev}:${s.ino}`;
  const dir = await realpath(dirname(file)).catch(() => resolve(dirname(file)));
  return `path ${join(dir, basename(file))}`;
}

/**
 * Refuse, before any work is done, outputs that name an input file or the
 * same file as another output. `inputs` and `outputs` map a label
 * (`"the input CSV"`, `"--save"`) to a path; undefined paths are skipped.
 */
export async function checkOutputs(inputs, outputs) {
  const seen = new Map();
  for (const [label, file] of Object.entries(inputs)) seen.set(await identity(file), `${label} ${file}`);
  for (const [label, file] of Object.entries(outputs)) {
    if (file === undefined) continue;
    const id = await identity(file);
    if (seen.has(id)) throw new UsageError(`${label} ${file} is the same file as ${seen.get(id)}; choose another output path`);
    seen.set(id, `${label} ${file}`);
  }
}
