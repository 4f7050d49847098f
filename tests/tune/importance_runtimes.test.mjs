// tune.importance on a real Study, end to end, in Node, Deno and Bun: every
// evaluator ranks the dominant parameter first, and the importances are the
// same bits in each runtime.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const script = fileURLToPath(new URL("./importance_runtime_script.mjs", import.meta.url));

function run(cmd, args) {
  const r = spawnSync(cmd, [...args, script], { cwd: root, encoding: "utf8", timeout: 90_000 });
  assert.equal(r.status, 0, `${cmd} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1));
}

test("importances of a Study: the learning rate first, the same bits in Node, Deno and Bun", () => {
  const node = run(process.execPath, []);
  for (const [name, imp] of Object.entries(node)) {
    assert.deepEqual(Object.keys(imp).sort(), ["dropout", "hidden", "lr", "optimizer"], name);
    assert.equal(Object.keys(imp)[0], "lr", `${name}: ${JSON.stringify(imp)}`);
    assert.ok(imp.lr > 0.5, `${name}: ${JSON.stringify(imp)}`);
    assert.ok(Math.abs(Object.values(imp).reduce((a, b) => a + b, 0) - 1) < 1e-12, name);
  }
  for (const [name, cmd, args] of [["Deno", `${root}node_modules/.bin/deno`, ["run", "--quiet", `--allow-read=${root}`]], ["Bun", `${root}node_modules/.bin/bun`, []]]) {
    assert.deepEqual(run(cmd, args), node, name);
  }
});
