// The build-time check of the kernel declarations (scripts/kernel_decl/check.mjs)
// passes on the real declarations and the module `npm run build` made, and
// fails naming the kernel on deliberately wrong copies of them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PLUMBING, checkDeclarations, parseBindings } from "../../scripts/kernel_decl/check.mjs";
import { readFamilies } from "../../scripts/kernel_decl/declarations.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const decl = join(root, "assembly/decl");
const checker = join(root, "scripts/kernel_decl/check.mjs");
const bindingsText = readFileSync(join(root, "build/wasmtune.d.ts"), "utf8");
const bindings = parseBindings(bindingsText);

/** Run the checker's command line on a copy of the declarations changed by `edit(family → json)` (a family whose change returns null is removed). */
function checkCopy(edit) {
  const dir = mkdtempSync(join(tmpdir(), "wasmtune-decl-"));
  try {
    cpSync(decl, dir, { recursive: true });
    for (const [family, change] of Object.entries(edit)) {
      const file = join(dir, `${family}.json`);
      const json = change(JSON.parse(readFileSync(file, "utf8")));
      if (json === null) rmSync(file);
      else writeFileSync(file, JSON.stringify(json));
    }
    const r = spawnSync(process.execPath, [checker, "--decl", dir], { encoding: "utf8" });
    return { status: r.status, err: r.stderr.replaceAll(dir, "<decl>") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const swap = (list, a, b) => {
  const i = list.findIndex((p) => p.startsWith(`${a}:`));
  const j = list.findIndex((p) => p.startsWith(`${b}:`));
  [list[i], list[j]] = [list[j], list[i]];
  return list;
};

test("the bindings parser sees every function the module exports", () => {
  const exported = [...bindingsText.matchAll(/^\s*export function (\w+)\(/gm)].map((m) => m[1]);
  assert.ok(exported.length > 100);
  assert.deepEqual([...bindings.keys()].sort(), exported.sort());
  assert.deepEqual(bindings.get("adamStepTable").params.slice(0, 3), [{ name: "table", type: "usize" }, { name: "count", type: "i32" }, { name: "weightDecay", type: "f32" }]);
  assert.equal(bindings.get("clipMaxAbs").returns, "f32");
  assert.equal(bindings.get("clipMaxAbs").source, "assembly/optim/clip.ts");
});

test("the declarations agree with both builds of the module", () => {
  const r = spawnSync(process.execPath, [checker], { encoding: "utf8" });
  assert.equal(r.stderr, "");
  assert.equal(r.status, 0);
  assert.deepEqual(checkDeclarations(readFamilies(decl), bindings, root), []);
});

test("two swapped parameters fail the check, naming the kernel and both parameters", () => {
  const { status, err } = checkCopy({ optim: (j) => (swap(j.kernels.adamStep.params, "beta1", "oneMinusBeta1"), j) });
  assert.equal(status, 1);
  const lines = err.trim().split("\n");
  // Once per build (default and relaxed).
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^kernel declarations: build\/wasmtune\.d\.ts: adamStep \(<decl>\/optim\.json\): parameter 9 is `beta1: f32` in the module, `oneMinusBeta1: f32` declared; parameter 10 is `oneMinusBeta1: f32` in the module, `beta1: f32` declared$/);
  assert.match(lines[1], /^kernel declarations: build\/wasmtune\.relaxed\.d\.ts: adamStep /);
});

test("a wrong count, type or return type, a kernel the module lacks and an undeclared export all fail", () => {
  const { status, err } = checkCopy({
    optim: (j) => {
      j.kernels.sgdStepTable.params.pop();
      j.kernels.clipScale.params[2] = "s: f64";
      j.kernels.clipMaxAbs.returns = "f64";
      j.kernels.sgdStepFused = { params: ["x: usize"] };
      delete j.kernels.clipClamp;
      return j;
    },
    random: (j) => ((j.kernels.dropoutMask.params[1] = "count: i32"), j),
  });
  assert.equal(status, 1);
  const own = err.split("\n").filter((l) => l.includes("build/wasmtune.d.ts"));
  const about = (name) => own.filter((l) => l.includes(`: ${name} (`));
  assert.match(about("sgdStepTable")[0], /8 parameters in the module, 7 declared/);
  assert.match(about("clipScale")[0], /parameter 3 is `s: f32` in the module, `s: f64` declared/);
  assert.match(about("clipMaxAbs")[0], /returns f32 in the module, f64 declared/);
  assert.match(about("sgdStepFused")[0], /declared but not exported by the module/);
  assert.match(about("clipClamp")[0], /clipClamp \(assembly\/optim\/clip\.ts\): exported but not declared in <decl>\/optim\.json/);
  assert.match(about("dropoutMask")[0], /parameter 2 is `n: i32` in the module, `count: i32` declared/);
  assert.equal(own.length, 6);
});

test("a malformed declaration is refused, naming the file and the entry", () => {
  const bad = (change) => checkCopy({ optim: (j) => (change(j), j) }).err.trim();
  assert.match(bad((j) => (j.kernels.adamStep.params[0] = "param usize")), /<decl>\/optim\.json: kernel adamStep: "param usize" is not "name: type"/);
  assert.match(bad((j) => (j.kernels.adamStep.params[0] = "param: u64")), /kernel adamStep: type u64 of "param" is not one of/);
  assert.match(bad((j) => (j.tables.adamTable.slots[1] = "param: usize")), /table adamTable: "param" appears twice/);
  assert.match(bad((j) => (j.tables.adamTable.slots[6] = "negStepSize: f64")), /table adamTable: type f64 of "negStepSize" is not one of i32, u32, usize, f32/);
  assert.match(bad((j) => (j.kernels.adamStep.named = true, j.kernels.adamStep.nmaed = true)), /kernel adamStep: unknown key nmaed/);
  assert.match(bad((j) => (j.kernels.dropoutMask = { params: [] })), /"dropoutMask" is also declared in/);
});

test("every function the module exports is declared, except the listed plumbing", () => {
  const families = readFamilies(decl);
  const declared = new Set(families.flatMap((f) => f.kernels.map((k) => k.name)));
  const undeclared = [...bindings.keys()].filter((name) => !declared.has(name));
  assert.deepEqual(undeclared.sort(), [...PLUMBING.keys()].sort());
  // A new kernel in a file no family claims fails, naming it and its file.
  const grown = new Map([...bindings, ["lanczosResize", { source: "assembly/kernels/resize.ts", params: [{ name: "x", type: "usize" }], returns: "void" }]]);
  assert.deepEqual(checkDeclarations(families, grown, root), [
    "lanczosResize (assembly/kernels/resize.ts): exported but declared in no family; declare it in assembly/decl/<family>.json",
  ]);
  // A plumbing entry the module no longer exports, or one a family declares, is stale.
  const shrunk = new Map([...bindings].filter(([name]) => name !== "heapBase"));
  assert.deepEqual(checkDeclarations(families, shrunk, root), ["heapBase: listed as plumbing in scripts/kernel_decl/check.mjs but not exported by the module"]);
  const relaxed = { family: "runtime", file: join(decl, "runtime.json"), sources: ["assembly/runtime.ts"], tables: [], kernels: [{ name: "relaxedSimd", params: [], returns: "bool", named: false }] };
  assert.deepEqual(checkDeclarations([...families, relaxed], bindings, root), [
    "heapBase (assembly/runtime.ts): exported but not declared in assembly/decl/runtime.json",
    "relaxedSimd: listed as plumbing in scripts/kernel_decl/check.mjs but also declared",
  ]);
});

test("a family's declaration file removed fails the build, naming each of its kernels", () => {
  const { status, err } = checkCopy({ strided: () => null, sum_axis: () => null });
  assert.equal(status, 1);
  const own = err.trim().split("\n").filter((l) => l.includes("build/wasmtune.d.ts"));
  assert.deepEqual(own, [
    "kernel declarations: build/wasmtune.d.ts: sumAxis (assembly/kernels/sum_axis.ts): exported but declared in no family; declare it in assembly/decl/<family>.json",
    "kernel declarations: build/wasmtune.d.ts: stridedCopy (assembly/kernels/strided.ts): exported but declared in no family; declare it in assembly/decl/<family>.json",
    // strided.json also declared the stridedShape table, which the module still has.
    "kernel declarations: build/wasmtune.d.ts: the module has 6 tables, 5 declared",
  ]);
});
