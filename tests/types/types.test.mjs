// The published types, compiled by a consumer project (tsconfig.json here):
// ES2022 plus @types/node without the DOM lib, then with it, and with every
// .d.ts checked (skipLibCheck false). options.ts holds `@ts-expect-error`
// lines, so option types that loosen (an index signature, `any`, an empty
// interface in a union) fail this test as surely as a missing global does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));

function compile(...extra) {
  const r = spawnSync(process.execPath, [tsc, "-p", here, ...extra], { encoding: "utf8" });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test("dist types compile with lib es2022 + @types/node, without the DOM lib", () => {
  const { status, out } = compile();
  assert.equal(out, "");
  assert.equal(status, 0);
});

test("dist types compile alongside the DOM lib too", () => {
  const { status, out } = compile("--lib", "es2022,dom");
  assert.equal(out, "");
  assert.equal(status, 0);
});
