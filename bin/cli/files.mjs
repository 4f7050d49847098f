// Reading the command's input files and checking where its outputs go, so that
// a bad path is a one-line usage error before any work is done.
import { constants } from "node:fs";
import { access, readFile, realpath, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "./args.mjs";

/** Error messages without the library's `wasmtune: ` prefix (main adds its own). */
export const bare = (e) => e.message.replace(/^wasmtune: /, "");

function unreadable(file, e) {
  return new UsageError(`cannot read ${file}: ${e.code === "ENOENT" ? "no such file" : e.code === "EISDIR" ? "it is a directory" : e.message}`);
}

/** A file's text, or a usage error saying why it cannot be read. */
export async function readText(file) {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    throw unreadable(file, e);
  }
}

/** A file's bytes, or a usage error saying why it cannot be read. */
export async function readBinary(file) {
  try {
    return new Uint8Array(await readFile(file));
  } catch (e) {
    throw unreadable(file, e);
  }
}

/** `data.readCsv` whose data errors (bad values, unknown columns, ...) are usage errors. */
export function readTable(data, text, options) {
  try {
    return data.readCsv(text, options);
  } catch (e) {
    throw new UsageError(bare(e));
  }
}

/** What identifies a file: its device and inode when it exists (hard and symbolic links included), else its resolved path. */
async function identity(file) {
  const s = await stat(file).catch(() => undefined);
  if (s) return `inode ${s.dev}:${s.ino}`;
  const dir = await realpath(dirname(file)).catch(() => resolve(dirname(file)));
  return `path ${join(dir, basename(file))}`;
}

/** A path that cannot be written: its directory is missing or read-only, or it is a directory. */
async function unwritable(label, path) {
  const target = await realpath(path).catch(() => resolve(path));
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) return `${label} ${path} is a directory`;
  const dir = dirname(target);
  const parent = await stat(dir).catch(() => undefined);
  if (!parent?.isDirectory()) return `${label} ${path}: the directory ${dir} does not exist`;
  try {
    await access(dir, constants.W_OK);
    if (existing) await access(target, constants.W_OK);
  } catch {
    return `${label} ${path}: ${existing ? "the file" : `the directory ${dir}`} is not writable`;
  }
  return undefined;
}

/**
 * Refuse, before hours of training are spent, outputs that cannot be
 * written or that name an input file or another output (directly or
 * through a link: `--save data.csv` would replace the training data).
 * `inputs` and `outputs` map a label (`"the input CSV"`, `"--save"`) to a
 * path; undefined paths are skipped.
 */
export async function checkOutputs(inputs, outputs) {
  const seen = new Map();
  for (const [label, file] of Object.entries(inputs)) if (file !== undefined) seen.set(await identity(file), `${label} ${file}`);
  for (const [label, file] of Object.entries(outputs)) {
    if (file === undefined) continue;
    const id = await identity(file);
    if (seen.has(id)) throw new UsageError(`${label} ${file} is the same file as ${seen.get(id)}; choose another output path`);
    const why = await unwritable(label, file);
    if (why) throw new UsageError(why);
    seen.set(id, `${label} ${file}`);
  }
}
