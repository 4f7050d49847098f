// tune.importance on a real Study, end to end, in Node, Deno and Bun: every
// evaluator ranks the dominant parameter first, and the importances are the
// same bits in each runtime.
import { test } from "node:test";
import assert from "node:assert/strict";
import { root, runScript } from "./run_script.mjs";

const script = new URL("./importance_runtime_script.mjs", import.meta.url);
const run = (cmd, args) => runScript(cmd, args, script);

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
