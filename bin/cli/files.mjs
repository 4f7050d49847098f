// Reading the command's input files and checking where its outputs go, so that
// a bad path is a one-line usage error before any work is done.
import { constants } from "node:fs";
import { access, readFile, realpath, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
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

async function canonical(path) {
  try {
    return await realpath(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Refuse an output path that cannot be written or would overwrite an input,
 * before hours of training are spent: its directory must exist and be
 * writable, it must not be a directory, nor one of the `inputs`.
 */
export async function checkOutputPath(option, path, inputs) {
  const target = await canonical(path);
  for (const input of inputs) {
    if (target === (await canonical(input))) throw new UsageError(`--${option} ${path} is also an input file; choose another path`);
  }
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`--${option} ${path} is a directory`);
  const dir = dirname(target);
  const parent = await stat(dir).catch(() => undefined);
  if (!parent?.isDirectory()) throw new UsageError(`--${option} ${path}: the directory ${dir} does not exist`);
  try {
    await access(dir, constants.W_OK);
    if (existing) await access(target, constants.W_OK);
  } catch {
    throw new UsageError(`--${option} ${path}: ${existing ? "the file" : `the directory ${dir}`} is not writable`);
  }
}
