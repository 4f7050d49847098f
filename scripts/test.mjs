// Runs every tests/**/*.test.mjs with Node's built-in test runner, whose
// summary CI reads. Extra arguments are passed to `node --test`.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith(".test.mjs")) files.push(p);
  }
})(join(root, "tests"));

const args = ["--test", "--test-reporter=spec", ...process.argv.slice(2), ...files];
const r = spawnSync(process.execPath, args, { stdio: "inherit", cwd: root });
process.exit(r.status ?? 1);
