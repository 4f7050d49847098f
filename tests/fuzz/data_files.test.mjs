// Data files may come from strangers too. Mutated CSV text and IDX files
// (plain and gzipped) must give a clear error or a valid result: never a
// hang, a RangeError from a typed-array constructor or another engine error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { wt } from "../helpers.mjs";
import { Rng, mutateBytes } from "./mutate.mjs";
import { Problems, memoryGuard, refusal } from "./oracle.mjs";
const { data } = wt;

const CSVS = [
  "a,b,y\n1,2,0\n3,4,1\n5.5,-6e-3,0\n",
  '\ufeffsize,colour,"label, quoted"\r\n1,red,"cat ""a"""\r\n2,blue,dog\r\n,red,cat\r\n3,"gr\neen",dog\r\n',
  "x;y\n1;2\n2;4\nNA;6\n",
  "id,f1,f2,f3,target\n1,0.5,a,10,1.5\n2,0.25,b,,2.5\n3,1e3,a,30,-1\n4,7,c,40,0\n",
];
const OPTIONS = [{}, { target: "y" }, { target: "label, quoted", onInvalid: "drop" }, { delimiter: ";", target: "y" }, { target: "target", onInvalid: "impute-mean", ignore: ["id"] }, { target: "target", categorical: "index", categoricalColumns: ["f3"] }, { target: "y", targetDtype: "int32" }];
const TOKENS = ['"', ",", "\n", "\r\n", ";", "", "NA", "1e999", "-1e39", "3.5e38", "NaN", "inf", "1e-999", "0x10", " ", "\ufeff", "a,a", "\u0000", "\ud800", "9".repeat(400)];

/** Text-level damage: tokens that matter to a CSV reader, or byte damage to its UTF-8. */
function mutateCsv(rng, text) {
  if (rng.chance(0.4)) return new TextDecoder().decode(mutateBytes(rng, new TextEncoder().encode(text)));
  let t = text;
  for (let k = 1 + rng.int(3); k > 0; k--) {
    const at = rng.int(t.length + 1);
    const cut = rng.chance(0.5) ? rng.int(4) : 0;
    t = t.slice(0, at) + rng.pick(TOKENS) + t.slice(at + cut);
  }
  return t;
}

/** A table readCsv returned must be consistent and finite. */
function assertValidTable(table, options, what) {
  const [rows, width] = table.x.shape;
  assert.equal(table.x.data.length, rows * width, what);
  assert.ok(table.x.data.every(Number.isFinite), `${what}: non-finite feature`);
  assert.equal(table.featureNames.length, width, what);
  assert.equal(table.lines.length, rows, what);
  for (let i = 1; i < rows; i++) assert.ok(table.lines[i] > table.lines[i - 1], `${what}: lines out of order`);
  if (options.target !== undefined) {
    assert.equal(table.y.length, rows, what);
    assert.ok(table.y.every(Number.isFinite), `${what}: non-finite target`);
  }
}

test("5,000 mutated CSV files: a clear error or a consistent, finite table", { timeout: 120_000 }, () => {
  const rng = new Rng(99);
  const problems = new Problems();
  const guard = memoryGuard();
  let valid = 0;
  for (let i = 0; i < 5000; i++) {
    const seed = rng.int(CSVS.length);
    const text = mutateCsv(rng, CSVS[seed]);
    const options = rng.pick(OPTIONS);
    const what = `CSV mutant ${i} ${JSON.stringify(text).slice(0, 120)} ${JSON.stringify(options)}`;
    problems.check(what, () => {
      let table;
      try {
        table = data.readCsv(text, options);
      } catch (e) {
        refusal(e, what);
        return;
      }
      assertValidTable(table, options, what);
      valid++;
    });
    if (i % 500 === 0) guard(what);
  }
  problems.assertNone();
  assert.ok(valid > 100, `${valid} valid tables`);
});

const idx = (type, dims, values) => {
  const bytes = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 }[type];
  const out = new Uint8Array(4 + 4 * dims.length + bytes * values.length);
  const v = new DataView(out.buffer);
  out.set([0, 0, type, dims.length]);
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d));
  const put = { 1: (at, x) => v.setInt8(at, x), 2: (at, x) => v.setInt16(at, x), 4: type === 0x0c ? (at, x) => v.setInt32(at, x) : (at, x) => v.setFloat32(at, x), 8: (at, x) => v.setFloat64(at, x) }[bytes];
  values.forEach((x, i) => put(4 + 4 * dims.length + bytes * i, x));
  return out;
};

test("3,000 mutated IDX files (plain and gzipped): a clear error or data matching its shape", { timeout: 120_000 }, async () => {
  const plain = [idx(0x08, [2, 3], [1, 2, 3, 4, 5, 6]), idx(0x09, [4], [-1, 2, -3, 4]), idx(0x0b, [2], [-300, 300]), idx(0x0c, [1, 2], [7, -7]), idx(0x0d, [3], [0.5, -1, 2]), idx(0x0e, [2], [1e-300, 3]), idx(0x08, [0, 5], [])];
  const seeds = [...plain, ...plain.map((b) => new Uint8Array(gzipSync(b)))];
  const rng = new Rng(5);
  const problems = new Problems();
  const guard = memoryGuard();
  let valid = 0;
  for (let i = 0; i < 3000; i++) {
    const seed = rng.pick(seeds);
    let bytes = mutateBytes(rng, seed);
    if (rng.chance(0.2) && bytes.length > 4 && bytes[0] === 0) bytes[rng.pick([2, 3])] = rng.int(256);
    const what = `IDX mutant ${i} (${Buffer.from(bytes.subarray(0, 16)).toString("hex")})`;
    let result;
    try {
      result = await data.readIdx(bytes);
    } catch (e) {
      problems.check(what, () => refusal(e, what));
      continue;
    }
    problems.check(what, () => {
      assert.equal(result.data.length, result.shape.reduce((a, d) => a * d, 1), what);
      assert.ok(result.data.length * result.data.BYTES_PER_ELEMENT <= 4 * (bytes.length + 64) * 1032, `${what}: more data than the file can hold`);
      valid++;
    });
    if (i % 500 === 0) guard(what);
  }
  problems.assertNone();
  assert.ok(valid > 100, `${valid} valid arrays`);
});
