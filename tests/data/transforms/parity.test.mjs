// data.transforms against torchvision 0.14 (tests/fixtures/gen_transforms.py): each fixture ran
// the torchvision transform on one image with fixed parameters; here all the fixture images of a
// transform configuration go through one batch, each with its own parameters, bit for bit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, wt } from "../../helpers.mjs";
const { Tensor, data } = wt;
const T = data.transforms;

const { cases } = fixture("transforms/transforms.json");

function build(spec) {
  const Cls = T[spec.type];
  if (spec.options !== undefined) return spec.args ? new Cls(...spec.args, spec.options) : new Cls(spec.options);
  return new Cls(...(spec.args ?? []));
}

/** Cases sharing a transform and an input shape, so that they can run as one batch. */
function groups() {
  const byKey = new Map();
  for (const c of cases) {
    const key = JSON.stringify([c.transform, c.shape]);
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key).push(c);
  }
  return [...byKey.values()];
}

const bits = (a) => Array.from(new Uint32Array(Float32Array.from(a).buffer));

test("the fixtures cover every transform, odd widths and one and three channels", () => {
  const types = new Set(cases.map((c) => c.transform.type));
  assert.deepEqual([...types].sort(), ["Normalize", "RandomAffine", "RandomCrop", "RandomHorizontalFlip", "RandomVerticalFlip"]);
  const widths = new Set(cases.map((c) => c.shape[2]));
  for (const w of [1, 3, 5, 17]) assert.ok(widths.has(w), `width ${w}`);
  assert.deepEqual([...new Set(cases.map((c) => c.shape[0]))].sort(), [1, 3]);
});

for (const group of groups()) {
  const first = group[0];
  test(`${first.transform.type} ${JSON.stringify(first.transform.args ?? first.transform.options)} on ${JSON.stringify(first.shape)}: ${group.length} images in one batch as torchvision`, () => {
    const t = build(first.transform);
    const [c, h, w] = first.shape;
    const x = Tensor.from(group.flatMap((g) => g.input), [group.length, c, h, w]);
    const before = bits(x.data);
    const out = first.params === null ? t.apply(x) : t.applyWith(x, group.map((g) => g.params));
    assert.deepEqual(out.shape, [group.length, ...first.outShape]);
    assert.deepEqual(t.outputShape(first.shape), first.outShape);
    const size = first.outShape.reduce((a, b) => a * b, 1);
    group.forEach((g, i) => {
      assert.deepEqual(bits(out.data.subarray(i * size, (i + 1) * size)), bits(g.output), g.name);
    });
    assert.deepEqual(bits(x.data), before, "the input is left as it is");
    out.dispose();
    x.dispose();
  });
}

test("RandomCrop draws its offsets in the image torchvision pads: the last offset fits, one more is refused", () => {
  for (const c of cases.filter((k) => k.transform.type === "RandomCrop")) {
    const t = build(c.transform);
    const [ph, pw] = c.padded;
    const [th, tw] = c.outShape.slice(1);
    const x = Tensor.from(c.input, [1, ...c.shape]);
    t.applyWith(x, [{ top: ph - th, left: pw - tw }]).dispose();
    assert.throws(() => t.applyWith(x, [{ top: ph - th + 1, left: 0 }]), new RegExp(`top in \\[0, ${ph - th}\\] and left in \\[0, ${pw - tw}\\]`));
    assert.throws(() => t.applyWith(x, [{ top: 0, left: pw - tw + 1 }]), /must fit the padded image/);
    x.dispose();
  }
});

test("flat rows read as images through imageShape give the same pixels, shaped as rows", () => {
  const c = cases.find((k) => k.transform.type === "RandomCrop" && k.shape[0] === 3 && k.shape[2] === 17);
  const t = build(c.transform);
  const x = Tensor.from(c.input, [1, c.input.length]);
  const out = t.applyWith(x, [c.params], { imageShape: c.shape });
  assert.deepEqual(out.shape, [1, c.output.length]);
  assert.deepEqual(bits(out.data), bits(c.output));
  out.dispose();
  x.dispose();
});
