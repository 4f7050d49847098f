import { test } from "node:test";
import assert from "node:assert/strict";
import { wt, SIZES } from "../helpers.mjs";
const { Tensor } = wt;
const { k } = await wt.init();

test("gatherRows copies the indexed rows, for odd row widths and counts", () => {
  for (const width of [1, 3, 4, 17, 37]) {
    for (const count of SIZES.filter((n) => n <= 100)) {
      const rows = 2 * count + 1;
      const src = Tensor.from(Float32Array.from({ length: rows * width }, (_, i) => i * 0.5 - 3));
      const index = Int32Array.from({ length: count }, (_, i) => (i * 7 + 3) % rows);
      const idx = Tensor.from(index, [count], "int32");
      const dst = Tensor.empty([count, width]);
      k.gatherRows(src.ptr, width * 4, idx.ptr, count, dst.ptr);
      const expected = [];
      const s = src.data;
      for (const r of index) for (let j = 0; j < width; j++) expected.push(s[r * width + j]);
      assert.deepEqual(Array.from(dst.data), expected, `width ${width}, count ${count}`);
      for (const t of [src, idx, dst]) t.dispose();
    }
  }
});
