// wrappers.ts must compile: each `@ts-expect-error` line there is a call that
// the wrappers generated from assembly/decl/ refuse (a positional call, a
// missing or misspelt argument name).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));

test("the generated kernel wrappers accept arguments by name only", () => {
  const r = spawnSync(process.execPath, [tsc, "-p", here], { encoding: "utf8" });
  assert.equal(`${r.stdout}${r.stderr}`, "");
  assert.equal(r.status, 0);
});
