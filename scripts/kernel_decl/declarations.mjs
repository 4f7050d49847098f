// Reads the kernel declarations (assembly/decl/<family>.json): each family's
// kernel signatures and parameter-table layouts, the one place they are
// written down. generate.mjs derives the AssemblyScript and TypeScript sides
// from them, check.mjs compares them with the compiled module's exports.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";

/** The AssemblyScript types a kernel parameter may have, as asc's bindings spell them. */
export const PARAM_TYPES = new Set(["i32", "u32", "usize", "f32", "f64", "bool"]);
/** The types of a table slot: one 32-bit word each, an integer or an f32. */
export const SLOT_TYPES = new Set(["i32", "u32", "usize", "f32"]);

/** `"name: type"` as `{ name, type }`, or an error naming where it came from. */
export function parseTyped(text, where, types) {
  const m = /^([A-Za-z_$][\w$]*): (\w+)$/.exec(text);
  if (!m) throw new Error(`${where}: "${text}" is not "name: type"`);
  if (!types.has(m[2])) throw new Error(`${where}: type ${m[2]} of "${m[1]}" is not one of ${[...types].join(", ")}`);
  return { name: m[1], type: m[2] };
}

function uniqueNames(list, where) {
  const seen = new Set();
  for (const { name } of list) {
    if (seen.has(name)) throw new Error(`${where}: "${name}" appears twice`);
    seen.add(name);
  }
}

/** The types of a per-dimension array's entries: integers, written through an Int32Array view. */
export const ARRAY_TYPES = new Set(["i32", "u32", "usize"]);

function known(t, keys, where) {
  const extra = Object.keys(t).filter((k) => !keys.includes(k));
  if (extra.length) throw new Error(`${where}: unknown key ${extra.join(", ")}`);
}

/**
 * One table: either rows (or one record) of 32-bit `slots`, or a shape
 * description of per-dimension `arrays` laid one after the other, each
 * `capacity` entries long (a static area of the module) or, without a
 * capacity, as long as the description (the kernel's dimension count).
 * `scratch` names arrays the kernel writes (its odometer) and the host only
 * makes room for; `address` names the family's kernel that returns the
 * table's place in the module's static area.
 */
function readTable(name, t, where) {
  const base = { name, about: t.about ?? "", address: t.address };
  if (t.address !== undefined && typeof t.address !== "string") throw new Error(`${where}: "address" must name a kernel`);
  if (t.arrays !== undefined) {
    known(t, ["about", "arrays", "capacity", "scratch", "address"], where);
    const arrays = t.arrays.map((s) => parseTyped(s, where, ARRAY_TYPES));
    if (arrays.length === 0) throw new Error(`${where}: no arrays`);
    uniqueNames(arrays, where);
    const capacity = t.capacity;
    if (capacity !== undefined && !(Number.isInteger(capacity) && capacity > 0)) throw new Error(`${where}: capacity must be a positive integer, got ${JSON.stringify(capacity)}`);
    if ((capacity === undefined) !== (t.address === undefined)) throw new Error(`${where}: a table in the module's static area has a capacity and an address, one the host allocates has neither`);
    const scratch = t.scratch ?? [];
    for (const s of scratch) if (!arrays.some((a) => a.name === s)) throw new Error(`${where}: scratch array "${s}" is not one of the arrays`);
    return { ...base, kind: "arrays", arrays: arrays.map((a) => ({ ...a, scratch: scratch.includes(a.name) })), capacity };
  }
  known(t, ["about", "slots", "record", "kernelWrites", "address"], where);
  const slots = (t.slots ?? []).map((s) => parseTyped(s, where, SLOT_TYPES));
  if (slots.length === 0) throw new Error(`${where}: no slots`);
  uniqueNames(slots, where);
  if (t.address !== undefined && t.record !== true) throw new Error(`${where}: only a record can have an address`);
  return { ...base, kind: "slots", slots, record: t.record === true, kernelWrites: t.kernelWrites === true };
}

/**
 * A table's entries as its layout lists them: the slots, or the arrays with
 * their length in the type (`sizes: i32[16]`, `sizes: i32[]` when as long as
 * the description), so that a capacity is part of the layout too.
 */
export function layoutEntries(table) {
  if (table.kind === "slots") return table.slots;
  return table.arrays.map((a) => ({ name: a.name, type: `${a.type}[${table.capacity ?? ""}]` }));
}

/**
 * One declaration file as `{ family, file, about, sources, tables, kernels }`;
 * tables and kernels keep their order. Anything malformed is an error naming
 * the file and the entry.
 */
export function readFamily(file) {
  const family = basename(file, ".json");
  const raw = JSON.parse(readFileSync(file, "utf8"));
  const unknown = Object.keys(raw).filter((k) => !["about", "sources", "tables", "kernels"].includes(k));
  if (unknown.length) throw new Error(`${file}: unknown key ${unknown.join(", ")}`);
  if (!Array.isArray(raw.sources) || raw.sources.length === 0) throw new Error(`${file}: "sources" must list the source files or folders whose exports the family declares`);
  const tables = Object.entries(raw.tables ?? {}).map(([name, t]) => readTable(name, t, `${file}: table ${name}`));
  const kernels = Object.entries(raw.kernels ?? {}).map(([name, k]) => {
    const where = `${file}: kernel ${name}`;
    const extra = Object.keys(k).filter((key) => !["params", "returns", "named"].includes(key));
    if (extra.length) throw new Error(`${where}: unknown key ${extra.join(", ")}`);
    const params = (k.params ?? []).map((p) => parseTyped(p, where, PARAM_TYPES));
    uniqueNames(params, where);
    const returns = k.returns ?? "void";
    if (returns !== "void" && !PARAM_TYPES.has(returns)) throw new Error(`${where}: return type ${returns} is not void or one of ${[...PARAM_TYPES].join(", ")}`);
    return { name, params, returns, named: k.named === true };
  });
  for (const t of tables.filter((t) => t.address !== undefined)) {
    const k = kernels.find((k) => k.name === t.address);
    if (!k || k.params.length || k.returns !== "usize") throw new Error(`${file}: table ${t.name}: address "${t.address}" is not a kernel of this family taking nothing and returning usize`);
  }
  return { family, file, about: raw.about ?? "", sources: raw.sources, tables, kernels };
}

/** Every family in `dir`, in file-name order; a kernel or table declared twice is an error. */
export function readFamilies(dir) {
  const families = readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => readFamily(join(dir, f)));
  const owner = new Map();
  for (const f of families) {
    for (const { name } of [...f.kernels, ...f.tables]) {
      if (owner.has(name)) throw new Error(`${f.file}: "${name}" is also declared in ${owner.get(name)}`);
      owner.set(name, f.file);
    }
  }
  return families;
}

/** A stable 32-bit code of a slot's name, type and position (FNV-1a), which both sides of a build embed. */
export function slotCode(index, slot) {
  let h = 0x811c9dc5;
  for (const c of `${index} ${slot.name}: ${slot.type}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return h | 0;
}
