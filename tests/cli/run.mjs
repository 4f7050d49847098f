// Running the `wasmtune` command in a scratch directory, for the CLI tests.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root. */
export const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = join(root, "bin/wasmtune.mjs");

/** A new scratch directory and a function running `wasmtune ...args` in it: `{ code, out, err }`. */
export function scratch(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const cli = (...args) => {
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: "utf8", timeout: 120_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  return { dir, cli };
}
