// Loss API behaviour: errors on bad input, NaN reporting, reduction 'none',
// SIMD/tail agreement and steady-state memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt, SIZES, assertClose } from "../helpers.mjs";
const { Tensor, nn, memoryStats } = wt;

const POINTWISE = [nn.MSELoss, nn.L1Loss, nn.HuberLoss, nn.SmoothL1Loss];
// Elementwise losses with the inputs they accept (BCE needs probabilities).
const ELEMENTWISE = [
  ...POINTWISE.map((L) => [L, (v) => v * 3]),
  [nn.BCELoss, (v) => 0.5 + 0.49 * v],
  [nn.BCEWithLogitsLoss, (v) => v * 20],
  [nn.KLDivLoss, (v) => v * 3],
  [nn.PoissonNLLLoss, (v) => v * 3],
];

test("invalid options are refused with PyTorch's wording", () => {
  assert.throws(() => new nn.MSELoss({ reduction: "avg" }), /^Error: avg is not a valid value for reduction$/);
  assert.throws(() => new nn.HuberLoss({ delta: 0 }), /huber_loss does not support non-positive values for delta\./);
  assert.throws(() => new nn.SmoothL1Loss({ beta: -1 }), /smooth_l1_loss does not support negative values for beta\./);
  assert.throws(() => new nn.NLLLoss({ ignoreIndex: 1.5 }), /NLLLoss: ignoreIndex must be an integer, got 1.5/);
  assert.throws(() => new nn.NLLLoss({ weight: [1, NaN] }), /NLLLoss: weight must be finite, got NaN at index 1/);
  assert.throws(() => new nn.MSELoss({ reduction: "batchmean" }), /^Error: batchmean is not a valid value for reduction$/);
});

test("pointwise losses refuse mismatched shapes and integer targets, naming them", () => {
  const x = Tensor.zeros([4, 1]);
  const y = Tensor.zeros([4]);
  const yi = Tensor.zeros([4, 1], "int32");
  for (const L of POINTWISE) {
    const name = L.name;
    assert.throws(() => new L().forward(x, y), new RegExp(`^Error: ${name}: input shape \\[4, 1\\] and target shape \\[4\\] differ$`));
    assert.throws(() => new L().forward(x, yi), new RegExp(`${name}: target must be float32 .*got int32`));
  }
  for (const t of [x, y, yi]) t.dispose();
});

test("NaN in input or target is reported with its row", () => {
  const x = Tensor.from([[1, 2], [3, 4], [5, NaN]]);
  const y = Tensor.zeros([3, 2]);
  for (const L of POINTWISE) {
    for (const reduction of ["mean", "sum", "none"]) {
      assert.throws(() => new L({ reduction }).forward(x, y), new RegExp(`${L.name}: input has NaN at row 2`));
      assert.throws(() => new L({ reduction }).forward(y, x), new RegExp(`${L.name}: target has NaN at row 2`));
    }
  }
  const inf = Tensor.from([0, Infinity, 0]);
  assert.throws(() => new nn.MSELoss().forward(inf, inf), /MSELoss: the loss is NaN because input row 1 holds an infinity/);
  for (const t of [x, y, inf]) t.dispose();
});

test("NLLLoss validates shapes, dtypes and class indices, naming the bad row", () => {
  const x = Tensor.zeros([4, 3]);
  const loss = new nn.NLLLoss();
  const t = (v) => Tensor.from(v, undefined, "int32");
  assert.throws(() => loss.forward(x, t([0, 1, 3, 0])), /NLLLoss: target 3 at row 2 is out of bounds for 3 classes/);
  assert.throws(() => loss.forward(x, t([0, -1, 2, 0])), /NLLLoss: target -1 at row 1 is out of bounds for 3 classes/);
  assert.throws(() => loss.forward(x, Tensor.from([0, 1, 2, 0])), /NLLLoss: target must be int32 \(class indices.*got float32/);
  assert.throws(() => loss.forward(x, t([0, 1, 2])), /NLLLoss: input shape \[4, 3\] needs target shape \[4\], got \[3\]/);
  assert.throws(() => loss.forward(Tensor.zeros([4, 3, 2]), t([0, 1, 2, 0])), /NLLLoss: input shape \[4, 3, 2\] needs target shape \[4, 2\], got \[4\]/);
  assert.throws(() => loss.forward(Tensor.zeros([2, 3, 2]), Tensor.from([0, 1, 5, 0], [2, 2], "int32")), /NLLLoss: target 5 at \[1, 0\] is out of bounds for 3 classes/);
  assert.throws(() => loss.forward(Tensor.zeros([3]), t([0])), /NLLLoss: input shape \[3\] needs target shape \[\], got \[1\]/);
  assert.throws(() => new nn.NLLLoss({ weight: [1, 2] }).forward(x, t([0, 1, 2, 0])), /NLLLoss: weight has 2 entries but the input has 3 classes/);
  // The ignored value itself may lie outside [0, C).
  assert.equal(new nn.NLLLoss({ ignoreIndex: 7 }).forward(x, t([7, 1, 2, 0])), 0);
  x.dispose();
});

test("NLLLoss flags probabilities passed where log-probabilities belong", () => {
  const probs = Tensor.from([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]]);
  const logp = Tensor.from([[-0.36, -1.6, -2.3], [-2.3, -0.22, -2.3]]);
  const target = Tensor.from([0, 1], undefined, "int32");
  const loss = new nn.NLLLoss();
  assert.ok(loss.forward(probs, target) < 0);
  assert.equal(loss.inputLooksLikeProbabilities, true);
  assert.ok(loss.forward(logp, target) > 0);
  assert.equal(loss.inputLooksLikeProbabilities, false);
  loss.dispose();
});

test("NLLLoss mean over all-ignored rows is NaN with a zero gradient, as in PyTorch", () => {
  const x = Tensor.from([[-1, -2], [-3, -4]]);
  const target = Tensor.from([-100, -100], undefined, "int32");
  const loss = new nn.NLLLoss();
  assert.ok(Number.isNaN(loss.forward(x, target)));
  assert.deepEqual(Array.from(loss.backward().data), [0, 0, 0, 0]);
  loss.dispose();
});

test("reduction 'none' returns the unreduced losses and backward takes their gradient", () => {
  const x = Tensor.from([[1, 2], [3, 4]]);
  const y = Tensor.from([[0, 0], [1, 1]]);
  const loss = new nn.MSELoss({ reduction: "none" });
  assert.deepEqual(loss.forward(x, y).toArray(), [[1, 4], [4, 9]]);
  assert.deepEqual(loss.backward().toArray(), [[2, 4], [4, 6]]);
  const g = Tensor.from([[1, 0], [0.5, -1]]);
  assert.deepEqual(loss.backward(g).toArray(), [[2, 0], [2, -6]]);
  assert.throws(() => loss.backward(Tensor.zeros([4])), /MSELoss: gradOut shape \[4\] \(float32\) differs from the loss shape \[2, 2\] \(float32\)/);
  assert.throws(() => loss.backward(2), /MSELoss: with reduction 'none', backward takes a tensor/);
  const mean = new nn.MSELoss();
  assert.equal(mean.forward(x, y), 4.5);
  assert.deepEqual(mean.backward(2).toArray(), [[1, 2], [2, 3]]);
  assert.throws(() => mean.backward(g), /MSELoss: with reduction 'mean', backward takes a number/);
  assert.throws(() => new nn.L1Loss().backward(), /L1Loss: backward\(\) called before a successful forward\(\)/);
  for (const t of [x, y, g]) t.dispose();
  loss.dispose();
  mean.dispose();
});

test("an element's loss and gradient do not depend on whether it falls in the SIMD body or the tail", () => {
  for (const [L, domain] of ELEMENTWISE) {
    for (const n of SIZES.filter((s) => s % 4 !== 0 && s > 4)) {
      // Element n-1 (scalar tail) repeats element 0 (SIMD body).
      const xs = Array.from({ length: n }, (_, i) => domain(Math.sin(i * 1.7)));
      const ys = Array.from({ length: n }, (_, i) => 0.5 + 0.5 * Math.cos(i * 0.9));
      xs[n - 1] = xs[0];
      ys[n - 1] = ys[0];
      const x = Tensor.from(xs);
      const y = Tensor.from(ys);
      const loss = new L({ reduction: "none" });
      const l = loss.forward(x, y).data;
      assert.ok(Object.is(l[n - 1], l[0]), `${L.name} loss n=${n}`);
      const g = loss.backward().data;
      assert.ok(Object.is(g[n - 1], g[0]), `${L.name} grad n=${n}`);
      for (const t of [x, y]) t.dispose();
      loss.dispose();
    }
  }
});

test("pointwise kernels agree with a scalar JS reference on odd sizes", () => {
  const refs = {
    MSELoss: (d) => [d * d, 2 * d],
    L1Loss: (d) => [Math.abs(d), Math.sign(d)],
    HuberLoss: (d) => (Math.abs(d) < 1 ? [0.5 * d * d, d] : [Math.abs(d) - 0.5, Math.sign(d)]),
    SmoothL1Loss: (d) => (Math.abs(d) < 1 ? [0.5 * d * d, d] : [Math.abs(d) - 0.5, Math.sign(d)]),
  };
  for (const L of POINTWISE) {
    for (const n of SIZES) {
      const xs = Array.from({ length: n }, (_, i) => Math.sin(i * 2.3) * 2.5);
      const ys = Array.from({ length: n }, (_, i) => Math.cos(i * 1.1));
      const x = Tensor.from(xs);
      const y = Tensor.from(ys);
      const loss = new L({ reduction: "sum" });
      const got = loss.forward(x, y);
      const grad = loss.backward().data;
      const x32 = x.data;
      const y32 = y.data;
      let want = 0;
      for (let i = 0; i < n; i++) {
        const d = Math.fround(x32[i] - y32[i]);
        const [l, g] = refs[L.name](d);
        want += l;
        assert.ok(Math.abs(grad[i] - g) <= 1e-6 * (1 + Math.abs(g)), `${L.name} n=${n} grad[${i}] ${grad[i]} vs ${g}`);
      }
      assert.ok(Math.abs(got - want) <= 1e-5 * Math.max(1, Math.abs(want)), `${L.name} n=${n}: ${got} vs ${want}`);
      for (const t of [x, y]) t.dispose();
      loss.dispose();
    }
  }
});

test("validation scans find the first bad element at every position", () => {
  const l1 = new nn.L1Loss();
  const nll = new nn.NLLLoss();
  for (const n of [1, 3, 5, 17, 37]) {
    for (let at = 0; at < n; at++) {
      const xs = new Array(n).fill(0.5);
      xs[at] = NaN;
      const x = Tensor.from(xs);
      const y = Tensor.zeros([n]);
      assert.throws(() => l1.forward(x, y), new RegExp(`input has NaN at row ${at}$`));
      const labels = new Array(n).fill(1);
      labels[at] = 2;
      const t = Tensor.from(labels, undefined, "int32");
      const lp = Tensor.zeros([n, 2]);
      assert.throws(() => nll.forward(lp, t), new RegExp(`target 2 at row ${at} is out of bounds`));
      for (const v of [x, y, t, lp]) v.dispose();
    }
  }
  nll.dispose();
});

test("CrossEntropyLoss validates its options and both target kinds", () => {
  assert.throws(() => new nn.CrossEntropyLoss({ labelSmoothing: 1.5 }), /^Error: label_smoothing must be between 0.0 and 1.0. Got: 1.5$/);
  const x = Tensor.zeros([2, 3]);
  const probs = Tensor.full([2, 3], 1 / 3);
  assert.throws(() => new nn.CrossEntropyLoss().forward(x, Tensor.from([0, 1])), /CrossEntropyLoss: target must be int32 \(class indices/);
  assert.throws(() => new nn.CrossEntropyLoss().forward(x, Tensor.from([0, 3], undefined, "int32")), /CrossEntropyLoss: target 3 at row 1 is out of bounds for 3 classes/);
  assert.throws(() => new nn.CrossEntropyLoss().forward(x, Tensor.zeros([3, 3])), /CrossEntropyLoss: input shape \[2, 3\] and target shape \[3, 3\] differ/);
  assert.throws(() => new nn.CrossEntropyLoss({ ignoreIndex: 1 }).forward(x, probs), /CrossEntropyLoss: ignore_index is not supported for floating point target/);
  assert.throws(() => new nn.CrossEntropyLoss({ weight: [1, 2] }).forward(x, probs), /CrossEntropyLoss: weight has 2 entries but the input has 3 classes/);
  assert.ok(Math.abs(new nn.CrossEntropyLoss().forward(x, probs) - Math.log(3)) < 1e-6);
  const nan = Tensor.from([[0, 0, 0], [0, NaN, 0]]);
  assert.throws(() => new nn.CrossEntropyLoss().forward(nan, Tensor.from([0, 0], undefined, "int32")), /CrossEntropyLoss: input has NaN at row 1/);
  for (const t of [x, probs, nan]) t.dispose();
});

test("CrossEntropyLoss flags softmax outputs passed where logits belong", () => {
  const logits = Tensor.from([[2, -1, 0.5], [0.1, 0.2, 3]]);
  const probs = Tensor.from([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]);
  const small = Tensor.from([[0.3, 0.2, 0.1], [0.1, 0.1, 0.8]]); // in [0, 1] but a row sums to 0.6
  const target = Tensor.from([0, 2], undefined, "int32");
  const loss = new nn.CrossEntropyLoss();
  assert.throws(() => loss.inputLooksLikeProbabilities, /needs the input of the last forward/);
  for (const [x, want] of [[logits, false], [probs, true], [small, false]]) {
    loss.forward(x, target);
    assert.equal(loss.inputLooksLikeProbabilities, want);
  }
  // Classes in dimension 1 of a [N, C, d] input: each (n, d) column must sum to 1.
  const kdim = Tensor.from([0.5, 0.25, 0.5, 0.75], [1, 2, 2]);
  loss.forward(kdim, Tensor.from([0, 1], [1, 2], "int32"));
  assert.equal(loss.inputLooksLikeProbabilities, true);
  loss.dispose();
  for (const t of [logits, probs, small, target, kdim]) t.dispose();
});

test("CrossEntropyLoss with all-zero class weights has zero gradient, even with label smoothing", () => {
  const x = Tensor.from([[1, 2, 3], [0, -1, 4]]);
  const target = Tensor.from([0, 2], undefined, "int32");
  const loss = new nn.CrossEntropyLoss({ weight: [0, 0, 0], labelSmoothing: 0.2, reduction: "sum" });
  assert.equal(loss.forward(x, target), 0);
  assert.ok(loss.backward().toFloat32Array().every((g) => g === 0));
  loss.dispose();
  for (const t of [x, target]) t.dispose();
});

test("CrossEntropyLoss accepts -Infinity logits as masked classes", () => {
  const x = Tensor.from([[0, -Infinity, 0], [2, 1, -Infinity]]);
  const target = Tensor.from([0, 1], undefined, "int32");
  const loss = new nn.CrossEntropyLoss({ reduction: "none" });
  const want = [Math.log(2), Math.log(1 + Math.E)];
  const got = loss.forward(x, target).data;
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-6, `row ${i}: ${got[i]} vs ${want[i]}`);
  const g = loss.backward().data;
  assert.equal(g[1], 0);
  assert.equal(g[5], 0);
  loss.dispose();
  for (const t of [x, target]) t.dispose();
});

test("BCELoss refuses inputs outside [0, 1] as PyTorch does, naming the row", () => {
  const y = Tensor.zeros([3, 2]);
  const loss = new nn.BCELoss();
  const logits = Tensor.from([[0.5, 0.5], [0.2, 1.5], [0, 1]]);
  assert.throws(() => loss.forward(logits, y), /^Error: BCELoss: all elements of input should be between 0 and 1 \(row 1 holds 1.5\)$/);
  const nan = Tensor.from([[0.5, 0.5], [0.2, 0.5], [NaN, 1]]);
  assert.throws(() => loss.forward(nan, y), /BCELoss: input has NaN at row 2/);
  assert.throws(() => new nn.BCELoss({ weight: [1, 2, 3] }).forward(Tensor.zeros([3, 2]), y), /BCELoss: weight shape \[3\] cannot be broadcast to input shape \[3, 2\]/);
  assert.throws(() => new nn.BCEWithLogitsLoss({ posWeight: [[1], [2]] }).forward(Tensor.zeros([3, 2]), y), /BCEWithLogitsLoss: posWeight shape \[2, 1\] cannot be broadcast to input shape \[3, 2\]/);
  loss.dispose();
  for (const t of [y, logits, nan]) t.dispose();
});

test("per-sample BCE weights broadcast like PyTorch's", () => {
  // weight [N, 1] against input [N, C] equals weighting each row's losses.
  const x = Tensor.from([[0.2, 0.7], [0.9, 0.4], [0.5, 0.1]]);
  const y = Tensor.from([[0, 1], [1, 1], [0, 0]]);
  const rowW = [0.5, 2, 1.5];
  const weighted = new nn.BCELoss({ reduction: "none", weight: rowW.map((w) => [w]) });
  const plain = new nn.BCELoss({ reduction: "none" });
  const a = weighted.forward(x, y).toFloat32Array();
  const b = plain.forward(x, y).toFloat32Array();
  for (let i = 0; i < 6; i++) assert.equal(a[i], Math.fround(b[i] * rowW[Math.floor(i / 2)]));
  weighted.dispose();
  plain.dispose();
  for (const t of [x, y]) t.dispose();
});

test("KLDivLoss: batchmean divides by the batch size; negative target probabilities are named", () => {
  const x = Tensor.from([[-1, -2], [-0.5, -3], [-2, -0.2]]);
  const y = Tensor.from([[0.5, 0.5], [1, 0], [0.25, 0.75]]);
  const sum = new nn.KLDivLoss({ reduction: "sum" }).forward(x, y);
  const batchmean = new nn.KLDivLoss({ reduction: "batchmean" });
  assert.equal(batchmean.forward(x, y), Math.fround(sum / 3));
  assertClose(batchmean.backward().data, Array.from(y.data, (v) => -v / 3), { rtol: 1e-6 });
  const bad = Tensor.from([[0.5, 0.5], [1.2, -0.2], [0.25, 0.75]]);
  assert.throws(() => batchmean.forward(x, bad), /KLDivLoss: target probabilities must be >= 0, but row 1 holds -0.2/);
  batchmean.dispose();
  for (const t of [x, y, bad]) t.dispose();
});

test("PoissonNLLLoss names a negative rate instead of returning NaN", () => {
  const rates = Tensor.from([[0.5, 2], [-1, 3]]);
  const counts = Tensor.from([[0, 1], [2, 5]]);
  assert.throws(() => new nn.PoissonNLLLoss({ logInput: false }).forward(rates, counts), /PoissonNLLLoss: rates \(the input when logInput is false\) must be >= 0, but row 1 holds -1/);
  assert.ok(Number.isFinite(new nn.PoissonNLLLoss().forward(rates, counts)));
  for (const t of [rates, counts]) t.dispose();
});

test("a steady-state forward/backward allocates no memory", () => {
  const x = Tensor.from(Array.from({ length: 370 }, (_, i) => Math.sin(i)), [37, 10]);
  const y = Tensor.zeros([37, 10]);
  const logp = Tensor.from(Array.from({ length: 370 }, (_, i) => -1 - (i % 7)), [37, 10]);
  const labels = Tensor.from(Array.from({ length: 37 }, (_, i) => i % 10), undefined, "int32");
  const gradOut = Tensor.full([37], 1);
  const probs = Tensor.full([37, 10], 0.1);
  const labels2d = Tensor.from(Array.from({ length: 74 }, (_, i) => i % 5), [37, 2], "int32");
  const gradOut2d = Tensor.full([37, 2], 0.5);
  const unit = Tensor.from(Array.from({ length: 370 }, (_, i) => (i % 11) / 10), [37, 10]);
  const cases = [
    ...POINTWISE.flatMap((L) => [[new L(), x, y], [new L({ reduction: "none" }), x, y]]),
    [new nn.NLLLoss({ weight: Array.from({ length: 10 }, (_, i) => i + 1) }), logp, labels],
    [new nn.NLLLoss({ reduction: "none" }), logp, labels, gradOut],
    [new nn.CrossEntropyLoss({ weight: Array.from({ length: 10 }, (_, i) => i + 1), labelSmoothing: 0.1 }), x, labels],
    [new nn.CrossEntropyLoss({ reduction: "none" }), x, probs, gradOut],
    [new nn.CrossEntropyLoss({ labelSmoothing: 0.2 }), x.reshape([37, 5, 2]), labels2d],
    [new nn.CrossEntropyLoss({ reduction: "none" }), x.reshape([37, 5, 2]), probs.reshape([37, 5, 2]), gradOut2d],
    [new nn.NLLLoss(), logp.reshape([37, 5, 2]), labels2d],
    [new nn.BCELoss({ weight: Array.from({ length: 10 }, (_, i) => i + 1) }), unit, unit],
    [new nn.KLDivLoss({ reduction: "batchmean" }), logp, unit],
    [new nn.PoissonNLLLoss({ full: true, reduction: "none" }), x, unit],
    [new nn.BCEWithLogitsLoss({ posWeight: Array.from({ length: 10 }, (_, i) => i + 1), reduction: "sum" }), x, unit],
  ];
  const step = () => {
    for (const [loss, a, b, g] of cases) {
      loss.forward(a, b);
      loss.backward(g);
    }
  };
  step();
  const before = memoryStats();
  for (let i = 0; i < 5; i++) step();
  assert.deepEqual(memoryStats(), before);
  for (const [loss] of cases) loss.dispose();
  for (const t of [x, y, logp, labels, gradOut, probs, unit, labels2d, gradOut2d]) t.dispose();
});
