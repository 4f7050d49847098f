// What `npm pack` would publish: every target of the exports map, and every
// file the published type declarations import, must be in the package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { posix } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const packed = new Set(
  JSON.parse(execFileSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" }))[0].files.map((f) => f.path),
);

function targets(entry) {
  if (typeof entry === "string") return [entry];
  return Object.values(entry).flatMap(targets);
}

test("every exports-map target is published", () => {
  const all = Object.values(pkg.exports).flatMap(targets);
  assert.ok(all.includes("./dist/wasmtune.wasm"));
  assert.ok(all.includes("./dist/wasmtune.relaxed.wasm"));
  for (const t of all) assert.ok(packed.has(posix.normalize(t)), `${t} is in the exports map but not in the package`);
});

test("every relative import of the published .d.ts files resolves inside the package", () => {
  const declarations = [...packed].filter((p) => p.endsWith(".d.ts"));
  assert.ok(declarations.includes("dist/index.d.ts"));
  for (const file of declarations) {
    const text = readFileSync(`${root}${file}`, "utf8");
    for (const [, spec] of text.matchAll(/(?:from|import\()\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      const target = posix.join(posix.dirname(file), spec).replace(/\.js$/, ".d.ts");
      assert.ok(packed.has(target), `${file} imports ${spec}, but ${target} is not published`);
    }
  }
});
