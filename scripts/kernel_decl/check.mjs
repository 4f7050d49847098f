// The build-time check of the kernel declarations (`npm run build:wasm`, after
// asc): every kernel declared in assembly/decl/*.json must be exported by the
// compiled module with the declared name, parameter names and types in order,
// and return type, and every function the module exports must be declared
// (in its family's file when a family claims the export's source), except the
// runtime plumbing listed in PLUMBING.
// The module's side is read from the bindings asc writes (build/*.d.ts), whose
// doc comments give each export's source file and AssemblyScript types. The
// table layouts (slots, and the arrays of shape descriptions with their
// capacities) must be the ones the module beside the bindings reports through
// `kernelLayout`, when this engine can compile it (Node 20 cannot compile the
// relaxed-SIMD build; it is compiled from the same generated sources).
//   node scripts/kernel_decl/check.mjs [--decl <dir>] [<bindings.d.ts> ...]
// exits 1 naming each mismatched kernel.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { layoutEntries, readFamilies, slotCode } from "./declarations.mjs";

const EXPORT = /\/\*\*\n\s*\* (\S+)\n((?:\s*\* @(?:param|returns) .*\n)*)\s*\*\/\n\s*export function (\w+)\(/g;

/** The functions a bindings file exports: name → { source, params: [{ name, type }], returns }. */
export function parseBindings(text) {
  const out = new Map();
  for (const [, path, tags, name] of text.matchAll(EXPORT)) {
    const params = [...tags.matchAll(/@param (\w+) `(\w+)`/g)].map(([, n, type]) => ({ name: n, type }));
    const returns = /@returns `(\w+)`/.exec(tags)?.[1] ?? "void";
    // asc names an export by its file without extension, then the function: assembly/optim/adam/adamStep.
    out.set(name, { source: `${path.slice(0, path.lastIndexOf("/"))}.ts`, params, returns });
  }
  return out;
}

/** A path as messages show it: relative to the repository when inside it. */
const shown = (root, path) => (relative(root, path).startsWith("..") ? path : relative(root, path));

const signature = (list) => list.map((p) => `${p.name}: ${p.type}`);

/** What differs between one declared kernel and the module's export of it (empty when they agree). */
function kernelProblems(k, exported) {
  if (!exported) return ["declared but not exported by the module"];
  const problems = [];
  const want = signature(k.params);
  const have = signature(exported.params);
  if (want.length !== have.length) problems.push(`${have.length} parameters in the module, ${want.length} declared`);
  for (let i = 0; i < Math.min(want.length, have.length); i++) {
    if (want[i] !== have[i]) problems.push(`parameter ${i + 1} is \`${have[i]}\` in the module, \`${want[i]}\` declared`);
  }
  if (exported.returns !== k.returns) problems.push(`returns ${exported.returns} in the module, ${k.returns} declared`);
  return problems;
}

/**
 * The module's exported functions that are no kernels, so no declaration
 * lists them, each with where it lives and why: two facts `init()` asks the
 * module once, taking no argument, and the layout report that generate.mjs
 * writes from the declarations themselves. `memory` is no function, and the
 * module imports `abort` rather than exporting it. A name here that the module
 * no longer exports, or that a family declares, is an error too.
 */
export const PLUMBING = new Map([
  ["heapBase", "assembly/runtime.ts: where the host's allocator starts, read by init()"],
  ["relaxedSimd", "assembly/runtime.ts: which build is running, read by init() and runtimeInfo()"],
  ["kernelLayout", "assembly/generated/layouts.ts: generated from the declarations' tables, compared with the host's by init()"],
]);

const inSources = (source, sources) => sources.some((s) => (s.endsWith("/") ? source.startsWith(s) : source === s));

/**
 * Every disagreement between the declared `families` (see declarations.mjs)
 * and a module's `bindings` (parseBindings), one message per kernel naming
 * the declaration file; an exported function no family declares (and not
 * {@link PLUMBING}) is one too.
 */
export function checkDeclarations(families, bindings, root) {
  const messages = [];
  for (const f of families) {
    const where = shown(root, f.file);
    const declared = new Set(f.kernels.map((k) => k.name));
    for (const k of f.kernels) {
      const problems = kernelProblems(k, bindings.get(k.name));
      if (problems.length) messages.push(`${k.name} (${where}): ${problems.join("; ")}`);
    }
    for (const [name, e] of bindings) {
      if (!declared.has(name) && inSources(e.source, f.sources)) messages.push(`${name} (${e.source}): exported but not declared in ${where}`);
    }
  }
  const anywhere = new Set(families.flatMap((f) => f.kernels.map((k) => k.name)));
  for (const [name, e] of bindings) {
    if (anywhere.has(name) || PLUMBING.has(name) || families.some((f) => inSources(e.source, f.sources))) continue;
    messages.push(`${name} (${e.source}): exported but declared in no family; declare it in assembly/decl/<family>.json`);
  }
  for (const name of PLUMBING.keys()) {
    if (!bindings.has(name)) messages.push(`${name}: listed as plumbing in scripts/kernel_decl/check.mjs but not exported by the module`);
    else if (anywhere.has(name)) messages.push(`${name}: listed as plumbing in scripts/kernel_decl/check.mjs but also declared`);
  }
  return messages;
}

/**
 * Every disagreement between the declared tables and the layouts a module
 * was compiled with (`kernelLayout(table, slot)` of its exports), naming the
 * table and the entry.
 */
export function checkLayouts(families, kernelLayout) {
  const tables = families.flatMap((f) => f.tables);
  const have = kernelLayout(-1, -1);
  if (have !== tables.length) return [`the module has ${have} tables, ${tables.length} declared`];
  const messages = [];
  tables.forEach((t, ti) => {
    const entries = layoutEntries(t);
    const count = kernelLayout(ti, -1);
    if (count !== entries.length) messages.push(`table ${t.name}: ${count} entries in the module, ${entries.length} declared`);
    else entries.forEach((e, i) => kernelLayout(ti, i) !== slotCode(i, e) && messages.push(`table ${t.name}: entry ${i} is not \`${e.name}: ${e.type}\` in the module`));
  });
  return messages;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const args = process.argv.slice(2);
  const at = args.indexOf("--decl");
  const dir = at >= 0 ? args.splice(at, 2)[1] : join(root, "assembly/decl");
  const files = args.length ? args : ["build/wasmtune.d.ts", "build/wasmtune.relaxed.d.ts"].map((f) => join(root, f));
  let failed = false;
  try {
    const families = readFamilies(dir);
    for (const file of files) {
      const bindings = parseBindings(readFileSync(file, "utf8"));
      if (bindings.size === 0) throw new Error(`${file} has no exported functions: not asc's bindings?`);
      const wasm = readFileSync(file.replace(/\.d\.ts$/, ".wasm"));
      const layouts = WebAssembly.validate(wasm) ? checkLayouts(families, new WebAssembly.Instance(new WebAssembly.Module(wasm), {}).exports.kernelLayout) : [];
      for (const m of [...checkDeclarations(families, bindings, root), ...layouts]) {
        console.error(`kernel declarations: ${shown(root, file)}: ${m}`);
        failed = true;
      }
    }
  } catch (e) {
    console.error(`kernel declarations: ${e.message}`);
    failed = true;
  }
  process.exit(failed ? 1 : 0);
}
