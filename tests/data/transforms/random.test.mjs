// The random parameters of data.transforms: torchvision's distributions, drawn from a Generator.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../../helpers.mjs";
const { Generator, Tensor, data } = wt;
const T = data.transforms;

function draws(t, shape, n, seed = 1) {
  const g = new Generator(seed);
  return Array.from({ length: n }, () => t.getParams(g, shape));
}

function counts(values) {
  const m = new Map();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

test("flips: p = 0 never flips, p = 1 always does, p = 0.3 about 30% of the images", () => {
  for (const Flip of [T.RandomHorizontalFlip, T.RandomVerticalFlip]) {
    assert.ok(draws(new Flip(0), [1, 2, 2], 500).every((f) => f === false));
    assert.ok(draws(new Flip(1), [1, 2, 2], 500).every((f) => f === true));
    const share = draws(new Flip(0.3), [1, 2, 2], 4000).filter(Boolean).length / 4000;
    assert.ok(Math.abs(share - 0.3) < 0.03, `${Flip.name}: ${share}`);
    assert.equal(new Flip().p, 0.5);
  }
});

test("flips applied with p = 0 and p = 1 keep or mirror every image of a batch", () => {
  const x = Tensor.from(Array.from({ length: 4 * 2 * 3 * 5 }, (_, i) => i), [4, 2, 3, 5]);
  const src = x.toArray();
  const keep = new T.RandomHorizontalFlip(0).apply(x, { seed: 3 });
  assert.deepEqual(keep.toArray(), src);
  const h = new T.RandomHorizontalFlip(1).apply(x, { seed: 3 });
  assert.deepEqual(h.toArray(), src.map((img) => img.map((plane) => plane.map((row) => row.slice().reverse()))));
  const v = new T.RandomVerticalFlip(1).apply(x, { seed: 3 });
  assert.deepEqual(v.toArray(), src.map((img) => img.map((plane) => plane.slice().reverse())));
  for (const t of [x, keep, h, v]) t.dispose();
});

test("RandomCrop: offsets are uniform over every place the crop fits in the padded image", () => {
  const crop = new T.RandomCrop([3, 5], { padding: [1, 2] });
  // 6x9 image padded to 10x11: top in [0, 7], left in [0, 6].
  const ps = draws(crop, [1, 6, 9], 8000);
  const tops = counts(ps.map((p) => p.top)), lefts = counts(ps.map((p) => p.left));
  assert.deepEqual([...tops.keys()].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual([...lefts.keys()].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6]);
  for (const c of tops.values()) assert.ok(Math.abs(c - 1000) < 150, `top count ${c}`);
  for (const c of lefts.values()) assert.ok(Math.abs(c - 8000 / 7) < 160, `left count ${c}`);
});

test("RandomCrop draws nothing when the padded image is the crop's size (as torchvision)", () => {
  const g = new Generator(4);
  const before = g.getState();
  assert.deepEqual(new T.RandomCrop(5, { padding: 1 }).getParams(g, [3, 3, 3]), { top: 0, left: 0 });
  assert.deepEqual(g.getState(), before);
  new T.RandomCrop(4, { padding: 1 }).getParams(g, [3, 3, 3]);
  assert.notDeepEqual(g.getState(), before);
});

test("RandomAffine: tx = round(uniform(-a·W, a·W)), ty = round(uniform(-b·H, b·H)), every whole shift in range", () => {
  const affine = new T.RandomAffine({ degrees: 0, translate: [0.2, 0.5] });
  // W = 17: a·W = 3.4, tx in [-3, 3]; H = 5: b·H = 2.5, ty in [-2, 2] (2.5 is never drawn, -2.5 rounds to -2).
  const ps = draws(affine, [1, 5, 17], 6000);
  assert.deepEqual([...counts(ps.map((p) => p.tx)).keys()].sort((a, b) => a - b), [-3, -2, -1, 0, 1, 2, 3]);
  assert.deepEqual([...counts(ps.map((p) => p.ty)).keys()].sort((a, b) => a - b), [-2, -1, 0, 1, 2]);
  // round(uniform(-3.4, 3.4)) gives ±3 for |u| in [2.5, 3.4): 0.9/6.8 of the draws each.
  const three = ps.filter((p) => p.tx === 3).length / ps.length;
  assert.ok(Math.abs(three - 0.9 / 6.8) < 0.02, `P(tx = 3) = ${three}`);
  assert.ok(draws(new T.RandomAffine({ degrees: 0 }), [1, 5, 17], 50).every((p) => p.tx === 0 && p.ty === 0));
});

test("RandomAffine rounds as Python does: halves to the even neighbour", () => {
  const affine = new T.RandomAffine({ degrees: [0, 0], translate: [1, 1] });
  const at = (u) => affine.getParams({ uniform: () => u }, [1, 9, 9]).tx;
  assert.deepEqual([2.5, 3.5, -2.5, 0.5, -0.5, 1.4999, 1.5001].map(at), [2, 4, -2, 0, 0, 1, 2]);
});

test("Compose draws each image's parameters transform after transform; a seed reproduces them", () => {
  const flip = new T.RandomHorizontalFlip(), crop = new T.RandomCrop(2, { padding: 1 });
  const both = new T.Compose([flip, new T.Normalize(0, 1), crop]);
  const g = new Generator(9), h = new Generator(9);
  for (let i = 0; i < 20; i++) assert.deepEqual(both.getParams(g, [1, 3, 3]), [flip.getParams(h, [1, 3, 3]), undefined, crop.getParams(h, [1, 3, 3])]);
  const x = Tensor.from(Array.from({ length: 8 * 9 }, (_, i) => i), [8, 1, 3, 3]);
  const a = both.apply(x, { seed: 5 }), b = both.apply(x, { seed: 5 }), c = both.apply(x, { seed: 6 });
  assert.deepEqual(a.toArray(), b.toArray());
  assert.notDeepEqual(a.toArray(), c.toArray());
  for (const t of [x, a, b, c]) t.dispose();
});
