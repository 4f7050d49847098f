// Generates both sides of the kernel declarations (assembly/decl/*.json) at
// build time, before asc runs (`npm run build:wasm`):
//   assembly/generated/<family>.ts  row and slot accessors of each table, for the kernels;
//   assembly/generated/layouts.ts   `kernelLayout`, the layouts as compiled into the module;
//   src/kernels/<family>.ts         each table's slot numbers, and a wrapper taking the
//                                   arguments by name for each kernel declared `named`;
//   src/kernels/layouts.ts          the layouts as this host was built with them.
// Both folders are generated only (git ignores them). A file is rewritten only
// when its text changes.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { layoutEntries, readFamilies, slotCode } from "./declarations.mjs";

const VIEW = { i32: "i32", u32: "i32", usize: "i32", f32: "f32" };
const TS_TYPE = { i32: "number", u32: "number", usize: "number", f32: "number", f64: "number", bool: "boolean", void: "void" };

const upperSnake = (name) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
const capital = (name) => name[0].toUpperCase() + name.slice(1);
const docLines = (text, indent = "") => (text ? `${indent}/** ${text} */\n` : "");

/** The first line of a generated file made from `source`, a declaration file or all of them. */
function header(source) {
  return `// Generated from ${source} by scripts/kernel_decl/generate.mjs: edit the declarations, not this file.\n`;
}

function asSlots(t) {
  const n = t.slots.length;
  let out = "";
  // A record in the module's static area holds operands, which the kernels read
  // through the pointers the host passes: they need its size, not its slots.
  if (t.address) return `\n/** Bytes of a ${t.name}. */\nexport const ${upperSnake(t.name)}_BYTES: i32 = ${n * 4};\n`;
  if (!t.record) {
    out += `\n/** Address of row \`i\` of a ${t.name} at \`table\` (${n} slots of 32 bits per row). */\n`;
    out += `@inline export function ${t.name}Row(table: usize, i: i32): usize {\n  return table + ((<usize>i * ${n}) << 2);\n}\n`;
  }
  t.slots.forEach((s, i) => {
    out += `\n/** Slot ${i} of a ${t.name}${t.record ? "" : " row"}: ${s.name} (${s.type}). */\n`;
    out += `@inline export function ${t.name}${capital(s.name)}(row: usize): ${s.type} {\n  return load<${s.type}>(row, ${i * 4});\n}\n`;
    if (t.kernelWrites) {
      out += `\n/** Write slot ${i}, ${s.name}. */\n@inline export function set${capital(t.name)}${capital(s.name)}(row: usize, value: ${s.type}): void {\n  store<${s.type}>(row, value, ${i * 4});\n}\n`;
    }
  });
  return out;
}

/**
 * A shape description's accessors: entry \`d\` of each array. With a capacity
 * the arrays sit at fixed offsets of the static area; without, array \`j\`
 * starts \`j · length\` entries in, \`length\` being the description's.
 */
function asArrays(t) {
  const fixed = t.capacity !== undefined;
  const upper = upperSnake(t.name);
  const lengthParam = fixed ? "" : ", length: i32";
  let out = "";
  if (fixed) {
    out += `\n/** Entries per array of a ${t.name}: the most dimensions it can describe. */\nexport const ${upper}_CAPACITY: i32 = ${t.capacity};\n`;
    out += `\n/** Bytes of a ${t.name}. */\nexport const ${upper}_BYTES: i32 = ${t.arrays.length * t.capacity * 4};\n`;
  }
  t.arrays.forEach((a, j) => {
    // The entry's address and the constant offset of its array: fixed, or j arrays of `length` entries.
    const [address, offset] = fixed || j === 0
      ? ["desc + (<usize>d << 2)", j === 0 ? "" : `, ${j * t.capacity * 4}`]
      : [`desc + ((<usize>length${j === 1 ? "" : ` * ${j}`} + <usize>d) << 2)`, ""];
    const what = `entry \`d\` of array ${j} of a ${t.name}${fixed ? "" : " of `length` entries per array"}: ${a.name} (${a.type})`;
    out += `\n/** Read ${what}. */\n`;
    out += `@inline export function ${t.name}${capital(a.name)}(desc: usize${lengthParam}, d: i32): ${a.type} {\n  return load<${a.type}>(${address}${offset});\n}\n`;
    if (a.scratch) {
      out += `\n/** Write ${what}, which the kernel owns. */\n`;
      out += `@inline export function set${capital(t.name)}${capital(a.name)}(desc: usize${lengthParam}, d: i32, value: ${a.type}): void {\n  store<${a.type}>(${address}, value${offset});\n}\n`;
    }
  });
  return out;
}

function asFamily(root, family) {
  let out = header(relative(root, family.file));
  for (const t of family.tables) {
    out += `\n// ${t.name}: ${t.about}\n`;
    out += t.kind === "slots" ? asSlots(t) : asArrays(t);
  }
  return out;
}

function asLayouts(families) {
  const tables = families.flatMap((f) => f.tables);
  let out = `${header("assembly/decl/*.json")}\n`;
  out += "/**\n * The parameter-table layouts this module was compiled with, which `init()`\n";
  out += " * compares with the host's (src/runtime/layouts.ts): the number of tables\n";
  out += " * (`table` < 0), the slots of table `table` (`slot` < 0), or the code of one\n";
  out += " * slot (its position, name and type hashed; 0 for none).\n */\n";
  out += "export function kernelLayout(table: i32, slot: i32): i32 {\n";
  out += `  if (table < 0) return ${tables.length};\n`;
  tables.forEach((t, ti) => {
    const entries = layoutEntries(t);
    out += `  if (table == ${ti}) {\n    // ${t.name}\n    if (slot < 0) return ${entries.length};\n`;
    entries.forEach((s, i) => (out += `    if (slot == ${i}) return ${slotCode(i, s)};\n`));
    out += "  }\n";
  });
  return out + "  return 0;\n}\n";
}

function tsSlots(t) {
  const group = (view) => t.slots.map((s, i) => [s, i]).filter(([s]) => VIEW[s.type] === view);
  const fields = (view) => group(view).map(([s, i]) => `${s.name}: ${i}`).join(", ");
  let out = `\n/**\n * ${t.about}\n * Slot numbers within a row of \`slots\` 32-bit words: write \`i32\` slots\n`;
  out += " * through an Int32Array view, `f32` slots through a Float32Array view.\n */\n";
  out += `export const ${upperSnake(t.name)} = {\n  slots: ${t.slots.length},\n`;
  if (group("i32").length) out += `  i32: { ${fields("i32")} },\n`;
  if (group("f32").length) out += `  f32: { ${fields("f32")} },\n`;
  out += "} as const;\n";
  if (t.address) {
    out += `\n/** Where the module keeps its ${t.name}, as an index of a 32-bit view (\`${t.address}()\` / 4): add a slot number. */\n`;
    out += `export function ${t.name}At(k: Kernels): number {\n  return k.${t.address}() >>> 2;\n}\n`;
  }
  return out;
}

/** The host's writer of a shape description: every array but the kernel's scratch, `length` entries each. */
function tsArrays(t) {
  const fixed = t.capacity !== undefined;
  const Arrays = `${capital(t.name)}Arrays`;
  const written = t.arrays.map((a, j) => [a, j]).filter(([a]) => !a.scratch);
  let out = `\n/**\n * ${t.about}\n * ${t.arrays.length} arrays of 32-bit integers one after the other, `;
  out += fixed ? `each ${t.capacity} entries long (the most dimensions it holds), at \`${t.address}()\`.\n */\n` : "each as long as the description: room for `arrays` × length words.\n */\n";
  out += `export const ${upperSnake(t.name)} = { arrays: ${t.arrays.length}${fixed ? `, capacity: ${t.capacity}` : ""} } as const;\n`;
  out += `\n/** The arrays of a ${t.name} the host writes, outermost dimension first. */\nexport interface ${Arrays} {\n`;
  for (const [a] of written) out += `  readonly ${a.name}: ArrayLike<number>;\n`;
  out += "}\n";
  const step = (j) => (j === 0 ? "" : fixed ? ` + ${j * t.capacity}` : j === 1 ? " + length" : ` + ${j} * length`);
  const scratch = t.arrays.filter((a) => a.scratch).map((a) => a.name);
  out += `\n/** Write the first \`length\` entries of each array of a ${t.name}${fixed ? " into the module's static area" : ` at index \`at\` of \`i32\``}${scratch.length ? ` (${scratch.join(", ")}: the kernel's own)` : ""}. */\n`;
  out += `export function write${capital(t.name)}(${fixed ? "k: Kernels, " : ""}i32: Int32Array, ${fixed ? "" : "at: number, "}length: number, a: ${Arrays}): void {\n`;
  if (fixed) out += `  const at = k.${t.address}() >>> 2;\n`;
  out += "  for (let d = 0; d < length; d++) {\n";
  for (const [a, j] of written) out += `    i32[at${step(j)} + d] = a.${a.name}[d];\n`;
  return out + "  }\n}\n";
}

function tsFamily(root, family) {
  let out = header(relative(root, family.file));
  if (family.kernels.some((k) => k.named) || family.tables.some((t) => t.address)) out += 'import type { Kernels } from "../runtime/wasm.js";\n';
  for (const t of family.tables) out += t.kind === "slots" ? tsSlots(t) : tsArrays(t);
  for (const k of family.kernels.filter((k) => k.named)) {
    const Args = `${capital(k.name)}Args`;
    out += `\n/** The arguments of the \`${k.name}\` kernel, by name (AssemblyScript types in comments). */\n`;
    out += `export interface ${Args} {\n`;
    for (const p of k.params) out += `  /** ${p.type} */\n  readonly ${p.name}: ${TS_TYPE[p.type]};\n`;
    out += "}\n";
    out += `\n/** Calls the \`${k.name}\` kernel with its arguments by name, so that two cannot be swapped unnoticed. */\n`;
    out += `export function ${k.name}(k: Kernels, a: ${Args}): ${TS_TYPE[k.returns]} {\n`;
    out += `  ${k.returns === "void" ? "" : "return "}k.${k.name}(${k.params.map((p) => `a.${p.name}`).join(", ")});\n}\n`;
  }
  return out;
}

function tsLayouts(families) {
  const tables = families.flatMap((f) => f.tables);
  let out = `${header("assembly/decl/*.json")}\n`;
  out += "/** A parameter table's slots (`name: type`) and their codes, in the order `kernelLayout` numbers them. */\n";
  out += "export interface TableLayout {\n  readonly name: string;\n  readonly slots: readonly string[];\n  readonly codes: readonly number[];\n}\n\n";
  out += "/** The layouts this host was built with (see `kernelLayout` in assembly/generated/layouts.ts). */\n";
  out += "export const LAYOUTS: readonly TableLayout[] = [\n";
  for (const t of tables) {
    const entries = layoutEntries(t);
    out += `  {\n    name: ${JSON.stringify(t.name)},\n    slots: [${entries.map((s) => JSON.stringify(`${s.name}: ${s.type}`)).join(", ")}],\n`;
    out += `    codes: [${entries.map((s, i) => slotCode(i, s)).join(", ")}],\n  },\n`;
  }
  return out + "];\n";
}

/** Write `files` (path → text) into `dir`, removing generated files no declaration produces any more. */
function sync(dir, files) {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (!(name in files)) rmSync(join(dir, name));
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    if (!existsSync(path) || readFileSync(path, "utf8") !== text) writeFileSync(path, text);
  }
}

/** Generate every file from the declarations in `root`/assembly/decl. */
export function generate(root) {
  const families = readFamilies(join(root, "assembly/decl"));
  const as = { "layouts.ts": asLayouts(families) };
  const ts = { "layouts.ts": tsLayouts(families) };
  for (const f of families) {
    if (f.tables.length) as[`${f.family}.ts`] = asFamily(root, f);
    ts[`${f.family}.ts`] = tsFamily(root, f);
  }
  sync(join(root, "assembly/generated"), as);
  sync(join(root, "src/kernels"), ts);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    generate(fileURLToPath(new URL("../..", import.meta.url)));
  } catch (e) {
    console.error(`kernel declarations: ${e.message}`);
    process.exit(1);
  }
}
