// What readCsv refuses or reads differently from a naive parse: identifier-like
// text columns, other delimiters and decimal marks, values float32 cannot hold.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { data } = wt;

function withId(rows) {
  const lines = ["id,x,label"];
  for (let i = 0; i < rows; i++) lines.push(`user${i},${i % 7},${i % 2}`);
  return lines.join("\n");
}

test("an identifier column is refused naming it, instead of one feature per row", () => {
  const big = withId(50_000);
  assert.throws(() => data.readCsv(big, { target: "label" }), /column "id" has a different text value in each of its 50000 rows \(an identifier\?\); leave it out with ignore: \["id"\] \(CLI: --ignore id\)/);
  const t = data.readCsv(big, { target: "label", ignore: ["id"] });
  assert.deepEqual(t.featureNames, ["x"]);
  assert.deepEqual(t.x.shape, [50_000, 1]);
  // Many distinct values that are not all different: the one-hot cap.
  const lines = ["city,label"];
  for (let i = 0; i < 3000; i++) lines.push(`c${i % 1500},${i % 2}`);
  assert.throws(() => data.readCsv(lines.join("\n"), { target: "label" }), /column "city" has 1500 distinct values, more than maxCategories \(1000\) one-hot features; leave it out with ignore: \["city"\]/);
  assert.equal(data.readCsv(lines.join("\n"), { target: "label", maxCategories: 1500 }).x.shape[1], 1500);
  assert.equal(data.readCsv(lines.join("\n"), { target: "label", categorical: "index" }).x.shape[1], 1, "index encoding adds one feature whatever the count");
  // Small files keep all-distinct text columns (a few named rows are plain categories).
  assert.deepEqual(data.readCsv(withId(5), { target: "label" }).featureNames.length, 6);
  assert.throws(() => data.readCsv(withId(5), { maxCategories: 0 }), /maxCategories must be a positive integer, got 0/);
});

test("categoricalColumns one-hot encodes a numeric-looking column, within maxCategories", () => {
  const t = data.readCsv("zip,label\n10115,0\n80331,1\n10115,1\n", { target: "label", categoricalColumns: ["zip"] });
  assert.deepEqual(t.featureNames, ["zip=10115", "zip=80331"]);
  assert.deepEqual(Array.from(t.x.data), [1, 0, 0, 1, 1, 0]);
  assert.throws(() => data.readCsv("zip,label\n1,0\n2,1\n3,1\n", { target: "label", categoricalColumns: ["zip"], maxCategories: 2 }), /column "zip" has 3 distinct values, more than maxCategories \(2\)/);
});

test("the delimiter is detected (comma, semicolon, tab) or the file is refused with a hint", () => {
  assert.deepEqual(Array.from(data.readCsv("a;b;label\n1;2;0\n3;4;1\n", { target: "label" }).x.data), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(data.readCsv("a\tb\tlabel\n1\t2\t0\n", { target: "label" }).x.data), [1, 2]);
  // Quoted delimiters do not count.
  assert.deepEqual(data.readCsv('"a;x",b\n1,2\n').featureNames, ["a;x", "b"]);
  // A single column has no delimiter at all.
  assert.deepEqual(Array.from(data.readCsv("a\n1\n2\n").x.data), [1, 2]);
  assert.throws(() => data.readCsv("a,b;c\n1,2;3\n"), /cannot tell the field delimiter: "," and ";" both split the header and every row evenly; pass delimiter \(CLI: --delimiter\)/);
  assert.deepEqual(data.readCsv("a,b;c\nx,y;3\n", { delimiter: ";" }).featureNames, ["a,b=x,y", "c"]);
  // Ragged rows: the header's delimiter is used and the parser names the line.
  assert.throws(() => data.readCsv("a;b\n1;2\n3\n"), /line 3 has 1 fields, the header has 2/);
  assert.deepEqual(data.csvHeader('x;"y; z";label\n1;2;3\n'), ["x", "y; z", "label"]);
});

test("decimal commas are read with decimal: \",\" and otherwise refused, never taken for text", () => {
  const text = "width;height;label\n3,14;2;0\n-0,5;1,25e1;1\n";
  assert.throws(() => data.readCsv(text, { target: "label" }), /column "width" holds numbers such as "3,14" with the other decimal mark; pass decimal: "," to read a decimal comma \(CLI: --decimal ,\)/);
  const t = data.readCsv(text, { target: "label", decimal: "," });
  assert.deepEqual(Array.from(t.x.data), [3.14, 2, -0.5, 12.5].map(Math.fround));
  // A column mixing both: the comma value is reported with its line.
  assert.throws(() => data.readCsv("a;label\n1.5;0\n2,5;1\n", { target: "label" }), /line 3, column "a": "2,5" is not a number \(pass decimal: "," to read a decimal comma/);
  // A decimal-comma target is not silently a set of text classes.
  assert.throws(() => data.readCsv("a;y\n1;0,5\n2;1,5\n", { target: "y" }), /column "y" holds numbers such as "0,5"/);
  // Read with a decimal comma, a point is refused too.
  assert.throws(() => data.readCsv("a;label\n1,5;0\n2.5;1\n", { target: "label", decimal: "," }), /line 3, column "a": "2.5" is not a number \(the file is read with decimal: ","/);
  assert.throws(() => data.readCsv("a,b\n1,2\n", { decimal: ",", delimiter: "," }), /decimal "," needs another field delimiter/);
  assert.throws(() => data.readCsv("a\n1\n", { decimal: "·" }), /decimal must be "." or ","/);
  // Text categories that merely contain commas stay categories.
  assert.deepEqual(data.readCsv('size;label\n"S, M";0\nL;1\n', { target: "label" }).featureNames, ["size=L", "size=S, M"]);
});

test("values beyond float32's range are refused at read time with line and column", () => {
  assert.throws(() => data.readCsv("a,b,label\n1,2,0\n3,1e39,1\n", { target: "label" }), /line 3, column "b": "1e39" is outside the float32 range/);
  assert.throws(() => data.readCsv("a,label\n1,0\n-1e400,1\n", { target: "label" }), /line 3, column "a": "-1e400" is outside the float32 range/);
  assert.throws(() => data.readCsv("a,label\n1,0\n2,4e38\n", { target: "label" }), /line 3, column "label": "4e38" is outside the float32 range/);
  // The largest float32 itself (and what rounds to it) is fine.
  assert.equal(data.readCsv("a\n3.4028235e38\n").x.data[0], 3.4028234663852886e38);
  assert.deepEqual(Array.from(data.readCsv("a,label\n1,0\n1e39,1\n", { target: "label", onInvalid: "drop" }).lines), [2]);
});

test("a new schema records every column's fill value, so a later file can be imputed like the training file", () => {
  const t = data.readCsv("a,c,label\n1,x,0\n3,y,1\n5,y,0\n", { target: "label" });
  assert.deepEqual(t.schema.columns.map((c) => c.fill), [3, "y"]);
  const other = data.readCsv("a,c\n?,\n", { schema: t.schema, onInvalid: "impute-mean" });
  assert.deepEqual(Array.from(other.x.data), [3, 0, 1]);
});
