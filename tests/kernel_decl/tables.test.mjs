// The memory layouts the host writes for the kernels (parameter tables and
// the shape descriptions of broadcastBinary and stridedCopy) are declared once
// in assembly/decl/ and read and written only through the code generated from
// them: check.mjs fails the build when the compiled module's layouts differ
// from the declarations, and a kernel or host file that went back to writing a
// layout by hand would leave a generated accessor or writer unused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkLayouts } from "../../scripts/kernel_decl/check.mjs";
import { readFamilies } from "../../scripts/kernel_decl/declarations.mjs";
import { k } from "../kernels/harness.mjs";
import { BROADCAST_SHAPE, writeBroadcastShape } from "../../dist/kernels/broadcast.js";
import { STRIDED_SHAPE, writeStridedShape } from "../../dist/kernels/strided.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const decl = join(root, "assembly/decl");
const checker = join(root, "scripts/kernel_decl/check.mjs");
const families = readFamilies(decl);

/** Run the checker on a copy of the declarations with `family`'s JSON changed by `change`; returns its messages about the default build. */
function checkCopy(family, change) {
  const dir = mkdtempSync(join(tmpdir(), "wasmtune-decl-"));
  try {
    cpSync(decl, dir, { recursive: true });
    const file = join(dir, `${family}.json`);
    writeFileSync(file, JSON.stringify(change(JSON.parse(readFileSync(file, "utf8")))));
    const r = spawnSync(process.execPath, [checker, "--decl", dir], { encoding: "utf8" });
    const lines = r.stderr.replaceAll(dir, "<decl>").trim().split("\n");
    return { status: r.status, lines: lines.filter((l) => !l.includes("relaxed")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the module's compiled layouts are the declared ones", () => {
  assert.deepEqual(checkLayouts(families, k.kernelLayout), []);
  const names = families.flatMap((f) => f.tables.map((t) => t.name));
  assert.deepEqual(names, ["broadcastShape", "broadcastOperands", "sgdTable", "adamTable", "xoshiroState", "stridedShape"]);
});

test("a declaration whose layout differs from the module's fails the build, naming the table and entry", () => {
  const swapped = checkCopy("strided", (j) => {
    const a = j.tables.stridedShape.arrays;
    [a[1], a[2]] = [a[2], a[1]];
    return j;
  });
  assert.equal(swapped.status, 1);
  assert.deepEqual(swapped.lines, [
    "kernel declarations: build/wasmtune.d.ts: table stridedShape: entry 1 is not `dstStrides: i32[]` in the module",
    "kernel declarations: build/wasmtune.d.ts: table stridedShape: entry 2 is not `srcStrides: i32[]` in the module",
  ]);
  // The capacity is part of the layout: arrays 16 entries apart in the module are not 8 apart.
  const smaller = checkCopy("broadcast", (j) => ((j.tables.broadcastShape.capacity = 8), j));
  assert.equal(smaller.status, 1);
  assert.deepEqual(smaller.lines, [0, 1, 2].map((i) => `kernel declarations: build/wasmtune.d.ts: table broadcastShape: entry ${i} is not \`${["sizes", "aStrides", "bStrides"][i]}: i32[8]\` in the module`));
  const slots = checkCopy("optim", (j) => (j.tables.sgdTable.slots.push("dampening: f32"), j));
  assert.deepEqual(slots.lines, ["kernel declarations: build/wasmtune.d.ts: table sgdTable: 5 entries in the module, 6 declared"]);
});

test("a malformed shape description is refused, naming the file and the table", () => {
  const bad = (family, change) => checkCopy(family, (j) => (change(j), j)).lines.join("\n");
  assert.match(bad("strided", (j) => (j.tables.stridedShape.scratch = ["odometer"])), /<decl>\/strided\.json: table stridedShape: scratch array "odometer" is not one of the arrays/);
  assert.match(bad("strided", (j) => (j.tables.stridedShape.arrays[0] = "sizes: f32")), /table stridedShape: type f32 of "sizes" is not one of i32, u32, usize/);
  assert.match(bad("strided", (j) => (j.tables.stridedShape.capacity = 8)), /table stridedShape: a table in the module's static area has a capacity and an address, one the host allocates has neither/);
  assert.match(bad("broadcast", (j) => (j.tables.broadcastShape.capacity = 0)), /table broadcastShape: capacity must be a positive integer, got 0/);
  assert.match(bad("broadcast", (j) => (j.tables.broadcastShape.address = "broadcastBinary")), /table broadcastShape: address "broadcastBinary" is not a kernel of this family taking nothing and returning usize/);
  assert.match(bad("broadcast", (j) => (j.tables.broadcastShape.rows = 3)), /table broadcastShape: unknown key rows/);
});

test("the generated writers lay a description out as declared", () => {
  const i32 = new Int32Array(k.memory.buffer);
  const at = k.broadcastDesc() >>> 2;
  const cap = BROADCAST_SHAPE.capacity;
  writeBroadcastShape(k, i32, 2, { sizes: [3, 5], aStrides: [5, 1], bStrides: [0, 1] });
  assert.deepEqual([0, 1, 2].map((j) => Array.from(i32.subarray(at + j * cap, at + j * cap + 2))), [[3, 5], [5, 1], [0, 1]]);
  // A description the host allocates: arrays `nd` apart, the kernel's odometer left alone.
  const words = new Int32Array(STRIDED_SHAPE.arrays * 3).fill(-7);
  writeStridedShape(words, 0, 3, { sizes: [2, 3, 4], srcStrides: [12, 4, 1], dstStrides: [1, 2, 6] });
  assert.deepEqual(Array.from(words), [2, 3, 4, 12, 4, 1, 1, 2, 6, -7, -7, -7]);
});

/** The names a generated file exports (constants and functions). */
const exportsOf = (file) => [...readFileSync(file, "utf8").matchAll(/^(?:@inline )?export (?:const|function) (\w+)/gm)].map((m) => m[1]);

/** Every .ts file under `dir` but those under `skip`, as one text. */
function sourcesUnder(dir, skip) {
  return readdirSync(join(root, dir), { recursive: true })
    .filter((f) => f.endsWith(".ts") && !join(dir, f).startsWith(skip))
    .map((f) => readFileSync(join(root, dir, f), "utf8"))
    .join("\n");
}

test("every table is read by the kernels and written by the host through its generated code", () => {
  const kernels = sourcesUnder("assembly", "assembly/generated");
  const host = sourcesUnder("src", "src/kernels");
  const unused = [];
  for (const f of families.filter((f) => f.tables.length)) {
    // The AssemblyScript side: every accessor and constant is used by a kernel.
    for (const name of exportsOf(join(root, "assembly/generated", `${f.family}.ts`))) {
      if (!new RegExp(`\\b${name}\\b`).test(kernels)) unused.push(`assembly/generated/${f.family}.ts: ${name}`);
    }
    // The host side: every table's slot numbers, place and writer (the wrappers of named kernels aside).
    const wrappers = new Set(f.kernels.map((kernel) => kernel.name));
    for (const name of exportsOf(join(root, "src/kernels", `${f.family}.ts`)).filter((n) => !wrappers.has(n))) {
      if (!new RegExp(`\\b${name}\\b`).test(host)) unused.push(`src/kernels/${f.family}.ts: ${name}`);
    }
  }
  assert.deepEqual(unused, []);
  // The scan sees the writers of the shape descriptions.
  assert.match(host, /\bwriteBroadcastShape\b/);
  assert.match(host, /\bwriteStridedShape\b/);
});
