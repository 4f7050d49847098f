// The parameter-table layouts the host writes (src/kernels/, generated from
// assembly/decl/) are the ones compiled into the module, which `init()`
// checks; a module from another build is refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
import { LAYOUTS } from "../../dist/kernels/layouts.js";
import { ADAM_TABLE, SGD_TABLE } from "../../dist/kernels/optim.js";
import { XOSHIRO_STATE } from "../../dist/kernels/random.js";
import { checkLayouts } from "../../dist/runtime/layouts.js";

const { k } = await wt.init();

/** The layout a module reports, table by table: its slot count and each slot's code. */
function moduleLayouts(kernels) {
  return Array.from({ length: kernels.kernelLayout(-1, -1) }, (_, t) => ({
    slots: kernels.kernelLayout(t, -1),
    codes: Array.from({ length: kernels.kernelLayout(t, -1) }, (_, s) => kernels.kernelLayout(t, s)),
  }));
}

test("the host's table layouts equal the module's", () => {
  assert.deepEqual(LAYOUTS.map((t) => t.name), ["broadcastShape", "broadcastOperands", "sgdTable", "adamTable", "xoshiroState", "stridedShape"]);
  assert.deepEqual(moduleLayouts(k), LAYOUTS.map((t) => ({ slots: t.slots.length, codes: t.codes })));
  // The slots of a table have different codes, so a reordering cannot go unseen.
  for (const t of LAYOUTS) assert.equal(new Set(t.codes).size, t.codes.length, t.name);
  // The slot numbers the host writes with are the positions the layout lists.
  const positions = (layout) => Object.fromEntries(layout.slots.map((s, i) => [s.split(":")[0], i]));
  const flat = (table) => ({ ...table.i32, ...table.f32 });
  const byName = Object.fromEntries(LAYOUTS.map((t) => [t.name, t]));
  assert.deepEqual(flat(ADAM_TABLE), positions(byName.adamTable));
  assert.deepEqual(flat(SGD_TABLE), positions(byName.sgdTable));
  assert.deepEqual(flat(XOSHIRO_STATE), positions(byName.xoshiroState));
  assert.deepEqual([ADAM_TABLE.slots, SGD_TABLE.slots, XOSHIRO_STATE.slots], [8, 5, 4]);
  assert.deepEqual(Object.keys(ADAM_TABLE.f32), ["negStepSize", "biasCorrection2Sqrt"]);
  // A shape description's arrays carry their length: the capacity of the static area, or none.
  assert.deepEqual(byName.broadcastShape.slots, ["sizes: i32[16]", "aStrides: i32[16]", "bStrides: i32[16]"]);
  assert.deepEqual(byName.stridedShape.slots, ["sizes: i32[]", "srcStrides: i32[]", "dstStrides: i32[]", "counter: i32[]"]);
});

test("a module whose layouts differ from the host's is refused, naming the slot", () => {
  assert.doesNotThrow(() => checkLayouts(k));
  const other = (change) => ({ kernelLayout: (t, s) => change(t, s) ?? k.kernelLayout(t, s) });
  // Another build where adamTable's two f32 slots are swapped.
  const adam = LAYOUTS.findIndex((t) => t.name === "adamTable");
  const swapped = other((t, s) => (t === adam && s >= 6 ? k.kernelLayout(t, 13 - s) : undefined));
  assert.throws(() => checkLayouts(swapped), {
    message: 'wasmtune: the WebAssembly module comes from another build than this JavaScript (slot 6 of adamTable is not "negStepSize: f32" in the module; slot 7 of adamTable is not "biasCorrection2Sqrt: f32" in the module); load the .wasm built with it',
  });
  assert.throws(() => checkLayouts(other((t, s) => (t === adam && s === -1 ? 9 : undefined))), /adamTable has 9 slots in the module, 8 here/);
  assert.throws(() => checkLayouts(other((t) => (t === -1 ? 2 : undefined))), /2 declared tables in the module, 6 here/);
});

test("a table written through the declared slots drives the group kernel as the per-parameter kernel", () => {
  // One parameter, written into an adamTable row by slot name, against adamStep called by name.
  const n = 5;
  const make = () => ({ p: wt.Tensor.from([1, -2, 3, -4, 5]), g: wt.Tensor.from([0.5, 0.25, -1, 2, -0.125]), m: wt.Tensor.zeros([n]), v: wt.Tensor.zeros([n]) });
  const a = make();
  const b = make();
  const table = wt.Tensor.zeros([ADAM_TABLE.slots], "int32");
  const at = table.ptr >>> 2;
  const i32 = new Int32Array(k.memory.buffer);
  const f32 = new Float32Array(k.memory.buffer);
  Object.entries({ param: a.p.ptr, grad: a.g.ptr, expAvg: a.m.ptr, expAvgSq: a.v.ptr, maxExpAvgSq: 0, n }).forEach(([name, v]) => (i32[at + ADAM_TABLE.i32[name]] = v));
  f32[at + ADAM_TABLE.f32.negStepSize] = -0.01;
  f32[at + ADAM_TABLE.f32.biasCorrection2Sqrt] = 0.05;
  k.adamStepTable(table.ptr, 1, 0, 1, 0.9, 0.1, 0.999, 0.001, 1e-8, 0, 0);
  k.adamStep(b.p.ptr, b.g.ptr, b.m.ptr, b.v.ptr, 0, n, 0, 1, 0.9, 0.1, 0.999, 0.001, 0.05, 1e-8, -0.01, 0, 0);
  for (const key of ["p", "m", "v"]) assert.deepEqual(a[key].data, b[key].data, key);
  assert.notDeepEqual(Array.from(a.p.data), [1, -2, 3, -4, 5]);
});
