// The tuning core in Node, Deno and Bun: a seeded study draws the same
// parameters (same bits) and prunes the same trials everywhere, and
// study.optimize(url, { workers: 2 }) runs in each runtime's threads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { root, runScript } from "./run_script.mjs";

const script = new URL("./runtime_script.mjs", import.meta.url);
const run = (cmd, args) => runScript(cmd, args, script);

test("seeded sampling, pruning, worker trials and setup(workerData) agree in Node, Deno and Bun", () => {
  const node = run(process.execPath, []);
  assert.equal(node.params.length, 12);
  assert.ok(node.states.includes("PRUNED") && node.states.includes("COMPLETE"), node.states.join(" "));
  assert.deepEqual(node.workers.map((w) => w[1]), ["COMPLETE", "COMPLETE", "COMPLETE", "FAIL", "COMPLETE", "COMPLETE"]);
  assert.equal(node.workers[4][3], "RangeError: Cannot set different distribution kind to the same parameter name.");
  assert.deepEqual(node.setup, Array(6).fill(["COMPLETE", 1, "from main", true]));
  for (const [name, cmd, args] of [["Deno", `${root}node_modules/.bin/deno`, ["run", "--quiet", `--allow-read=${root}`]], ["Bun", `${root}node_modules/.bin/bun`, []]]) {
    assert.deepEqual(run(cmd, args), node, name);
  }
});
