import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { wt } from "../helpers.mjs";
const { data } = wt;

test("quoted fields, escaped quotes, embedded line breaks, CRLF and a BOM", () => {
  const text = '\ufeffid,"note, with comma",size,label\r\n1,"he said ""hi""",S,yes\r\n2,"two\nlines",M,no\r\n\r\n3,plain,S,yes\r\n';
  const t = data.readCsv(text, { target: "label", ignore: ["id", "note, with comma"] });
  assert.deepEqual(t.featureNames, ["size=M", "size=S"]);
  assert.deepEqual(Array.from(t.x.data), [0, 1, 1, 0, 0, 1]);
  assert.deepEqual(Array.from(t.y), [1, 0, 1]);
  assert.ok(t.y instanceof Int32Array);
  assert.deepEqual(t.schema.target.classes, ["no", "yes"]);
  // The second record spans lines 3-4 and line 5 is blank, so the third starts on line 6.
  assert.deepEqual(Array.from(t.lines), [2, 3, 6]);
});

test("other delimiters, CR line ends, empty quoted fields and stray quotes", () => {
  const t = data.readCsv('a;b\r1.5;"x"\r2.5;""\r', { delimiter: ";", categoricalColumns: ["b"], onInvalid: "drop" });
  assert.deepEqual(t.featureNames, ["a", "b=x"]);
  assert.deepEqual(Array.from(t.lines), [2]);
  assert.throws(() => data.readCsv('a,b\n"1"2,3\n'), /line 2: unexpected text after a closing quote/);
  assert.throws(() => data.readCsv("a,b\n1,2\n", { delimiter: "::" }), /invalid CSV delimiter "::"/);
});

test("categorical columns: one-hot or index, and the schema re-encodes test data", () => {
  const train = "color,w,y\nred,1.5,0\nblue,2,1\ngreen,-3e-1,0\nblue,4,1\n";
  const a = data.readCsv(train, { target: "y" });
  assert.deepEqual(a.featureNames, ["color=blue", "color=green", "color=red", "w"]);
  assert.deepEqual(Array.from(a.x.data.subarray(0, 4)), [0, 0, 1, 1.5]);
  assert.ok(a.y instanceof Float32Array);
  const b = data.readCsv(train, { target: "y", categorical: "index", targetDtype: "int32" });
  assert.deepEqual(Array.from(b.x.data), [2, 1.5, 0, 2, 1, -0.3, 0, 4].map(Math.fround));
  assert.ok(b.y instanceof Int32Array);
  const schema = JSON.parse(JSON.stringify(a.schema));
  const test2 = data.readCsv("w,color,y\n7,green,1\n", { schema });
  assert.deepEqual(test2.featureNames, a.featureNames);
  assert.deepEqual(Array.from(test2.x.data), [0, 1, 0, 7]);
  assert.throws(() => data.readCsv("w,color,y\n7,purple,1\n", { schema }), /line 2, column "color": unknown category "purple" \(known: blue, green, red\)/);
  const unlabelled = data.readCsv("color,w\nred,2\n", { schema });
  assert.equal(unlabelled.y, undefined);
  assert.deepEqual(Array.from(unlabelled.x.data), [0, 0, 1, 2]);
});

test("invalid values name the file line and column, or follow onInvalid", () => {
  const text = 'a,b,label\n1,2,0\n"3\n",x,1\n5,,0\n7,8,1\n';
  assert.throws(() => data.readCsv(text, { target: "label" }), /CSV line 3, column "b": "x" is not a number/);
  assert.throws(() => data.readCsv("a,label\n1,0\nNaN,1\n", { target: "label" }), /line 3, column "a": "NaN" is not finite/);
  assert.throws(() => data.readCsv("a,label\n1,0\n-inf,1\n", { target: "label" }), /line 3, column "a": "-inf" is not finite/);
  assert.throws(() => data.readCsv("a,label\n1,0\n2,\n", { target: "label" }), /line 3, column "label": missing target/);
  const dropped = data.readCsv(text, { target: "label", onInvalid: "drop" });
  assert.deepEqual(Array.from(dropped.lines), [2, 6]);
  assert.deepEqual(Array.from(dropped.x.data), [1, 2, 7, 8]);
  const imputed = data.readCsv(text, { target: "label", onInvalid: "impute-mean" });
  assert.deepEqual(Array.from(imputed.x.data), [1, 2, 3, 5, 5, 5, 7, 8]);
  assert.equal(imputed.schema.columns[1].fill, 5);
  // A test file imputes with the training file's means.
  const other = data.readCsv("a,b,label\n?,1,0\n", { schema: imputed.schema, onInvalid: "impute-mean" });
  assert.deepEqual(Array.from(other.x.data), [4, 1]);
  assert.throws(() => data.readCsv("a,b\n1,2\n3\n"), /line 3 has 1 fields, the header has 2/);
  assert.throws(() => data.readCsv('a\n"open\n'), /line 2: unterminated quoted field/);
  assert.throws(() => data.readCsv("a,b\n1,2\n", { target: "c" }), /no column "c" \(columns: a, b\)/);
});

test("categorical imputation takes the most frequent category; targets are never imputed", () => {
  const text = "grade,score,label\n2,a,1\n,b,0\n3,b,1\n2,b,0\n";
  const t = data.readCsv(text, { target: "label", categoricalColumns: ["grade"], onInvalid: "impute-mean" });
  assert.deepEqual(t.featureNames, ["grade=2", "grade=3", "score=a", "score=b"]);
  assert.deepEqual(Array.from(t.x.data.subarray(4, 8)), [1, 0, 0, 1], "the missing grade becomes 2, the most frequent");
  assert.throws(() => data.readCsv("a,label\n1,\n2,1\n", { target: "label", onInvalid: "impute-mean" }), /line 2, column "label": missing target \(targets are never imputed/);
  assert.deepEqual(Array.from(data.readCsv("a,label\n1,\n2,1\n", { target: "label", onInvalid: "drop" }).y), [1]);
});

test("loadCsv reads files from disk and names them in errors", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmtune-csv-"));
  const file = join(dir, "bad.csv");
  writeFileSync(file, "a,label\n1,0\nzz,1\n");
  await assert.rejects(data.loadCsv(file, { target: "label" }), /bad.csv line 3, column "a": "zz" is not a number/);
});

test("array validation reports the row of a NaN or Inf", () => {
  assert.deepEqual(data.findNonFinite([1, 2, 3, Infinity], 2), { row: 1, column: 1, value: Infinity });
  assert.equal(data.findNonFinite(new Float32Array([1, 2])), undefined);
  assert.throws(() => data.assertFinite({ data: new Float32Array([0, 0, 0, NaN]), shape: [2, 2] }, "X"), /X row index 1, column 1 is NaN/);
});
