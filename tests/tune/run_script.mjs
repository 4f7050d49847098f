// Running a tuning script in another runtime (Node, Deno, Bun) from the repository root: its last
// stdout line is the JSON result the tests compare.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const root = fileURLToPath(new URL("../..", import.meta.url));

/** Run `cmd ...args script` and parse the last line it printed; a failure shows its stderr. */
export function runScript(cmd, args, script) {
  const r = spawnSync(cmd, [...args, fileURLToPath(script)], { cwd: root, encoding: "utf8", timeout: 90_000 });
  assert.equal(r.status, 0, `${cmd} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1));
}
