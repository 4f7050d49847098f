// The README's first two JavaScript blocks (import and a PyTorch-style user
// module trained by autograd) run as written and the model learns.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

test("the README's quick-start blocks run and the user module's loss falls below 0.1", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.length >= 2, "the README has its two quick-start blocks");
  const dist = pathToFileURL(join(root, "dist", "index.js")).href;
  const script = `${blocks[0]}${blocks[1]}console.log(JSON.stringify({ loss: lossFn.forward(net.forward(x), y), keys: Object.keys(net.stateDict()) }));\n`.replace('from "wasmtune"', `from ${JSON.stringify(dist)}`);
  const file = join(mkdtempSync(join(tmpdir(), "wasmtune-readme-")), "quickstart.mjs");
  writeFileSync(file, script);
  const out = JSON.parse(execFileSync(process.execPath, [file], { encoding: "utf8" }).trim().split("\n").at(-1));
  assert.deepEqual(out.keys, ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]);
  assert.ok(out.loss < 0.1, `loss ${out.loss}`);
});
