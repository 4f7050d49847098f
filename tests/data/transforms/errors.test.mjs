// data.transforms refuse bad arguments with torchvision's wording where it has one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../../helpers.mjs";
const { Generator, Tensor, data } = wt;
const T = data.transforms;

test("a crop larger than the (padded) image is refused in torchvision's words", () => {
  const x = Tensor.zeros([2, 1, 3, 4]);
  assert.throws(() => new T.RandomCrop(5).apply(x), /Required crop size \(5, 5\) is larger than input image size \(3, 4\)/);
  assert.throws(() => new T.RandomCrop([4, 7], { padding: [1, 0] }).apply(x), /Required crop size \(4, 7\) is larger than input image size \(3, 6\)/);
  assert.throws(() => new T.RandomCrop(3).getParams(new Generator(), [1, 2, 9]), /Required crop size \(3, 3\) is larger than input image size \(2, 9\)/);
  new T.RandomCrop(5, { padIfNeeded: true }).apply(x).dispose();
  x.dispose();
});

test("padding and modes torchvision refuses are refused", () => {
  assert.throws(() => new T.RandomCrop(2, { padding: [1, 2, 3] }), /Padding must be an int or a 1, 2, or 4 element tuple, not a 3 element tuple/);
  assert.throws(() => new T.RandomCrop(2, { padding: -1 }), /padding must be non-negative integers/);
  assert.throws(() => new T.RandomCrop(2, { paddingMode: "wrap" }), /Padding mode should be either constant, edge, reflect or symmetric, got "wrap"/);
  assert.throws(() => new T.RandomCrop([2, 2, 2]), /Please provide only two dimensions \(h, w\) for size/);
  assert.throws(() => new T.RandomCrop(0), /size must be positive integers/);
  assert.throws(() => new T.RandomCrop(2, { padding_mode: "edge" }), /unknown option 'padding_mode' — did you mean 'paddingMode'\?/);
  // reflect needs pads shorter than the side, symmetric no longer than it (as torch and torchvision).
  assert.throws(() => new T.RandomCrop(3, { padding: 3, paddingMode: "reflect" }).outputShape([1, 3, 3]), /reflect padding \(3, 3\) should be less than the height it pads, but got height 3/);
  assert.deepEqual(new T.RandomCrop(3, { padding: 2, paddingMode: "reflect" }).outputShape([1, 3, 3]), [1, 3, 3]);
  assert.throws(() => new T.RandomCrop(3, { padding: [4, 0], paddingMode: "symmetric" }).outputShape([1, 3, 3]), /symmetric padding \(4, 4\) should be at most the width it pads, but got width 3/);
  assert.throws(() => new T.RandomCrop([3, 5], { padIfNeeded: true, paddingMode: "reflect" }).outputShape([1, 3, 1]), /reflect padding \(4, 4\) should be less than the width it pads, but got width 1/);
});

test("a bad flip probability is refused", () => {
  for (const Flip of [T.RandomHorizontalFlip, T.RandomVerticalFlip]) {
    for (const p of [-0.1, 1.5, NaN, "0.5"]) assert.throws(() => new Flip(p), new RegExp(`${Flip.name}: probability p has to be between 0 and 1, but got ${String(p)}`));
  }
});

test("Normalize refuses a zero std and a mean or std that does not fit the channels, naming both", () => {
  assert.throws(() => new T.Normalize([0, 0], [1, 0]), /std evaluated to zero after conversion to float32, leading to division by zero/);
  assert.throws(() => new T.Normalize(0, 1e-46), /std evaluated to zero/, "1e-46 is 0 in float32");
  const x = Tensor.zeros([1, 3, 2, 2]);
  assert.throws(() => new T.Normalize([0, 0], [1, 1]).apply(x), /Normalize: mean has 2 values but the images have 3 channels/);
  assert.throws(() => new T.Normalize([0, 0, 0], [1, 1]).apply(x), /Normalize: mean has 3 values but std has 2/);
  assert.throws(() => new T.Normalize(0, [1, 2]).apply(x), /Normalize: std has 2 values but the images have 3 channels/);
  assert.throws(() => new T.Normalize([], [1]), /mean must be a finite number or a non-empty list/);
  assert.throws(() => new T.Normalize([NaN], [1]), /mean must be a finite number/);
  x.dispose();
});

test("RandomAffine supports translation only and says so; its arguments are checked as torchvision does", () => {
  assert.throws(() => new T.RandomAffine({ degrees: 10 }), /only translation is supported; rotation \(degrees other than 0\) is not/);
  assert.throws(() => new T.RandomAffine({ degrees: [-5, 5], translate: [0.1, 0.1] }), /only translation is supported; rotation/);
  assert.throws(() => new T.RandomAffine({ degrees: 0, scale: [0.9, 1.1] }), /only translation is supported; scaling \(scale\) is not/);
  assert.throws(() => new T.RandomAffine({ degrees: 0, shear: 10 }), /only translation is supported; shearing \(shear\) is not/);
  assert.throws(() => new T.RandomAffine({ degrees: -1 }), /If degrees is a single number, it must be positive/);
  assert.throws(() => new T.RandomAffine({ degrees: 0, translate: [1.5, 0] }), /translation values should be between 0 and 1/);
  assert.throws(() => new T.RandomAffine({ degrees: 0, translate: [0.1] }), /translate should be a sequence of length 2/);
  assert.throws(() => new T.RandomAffine({ translate: [0.1, 0.1] }), /RandomAffine: missing required option 'degrees'/);
  assert.throws(() => new T.RandomAffine({ degrees: 0, interpolation: "bilinear" }), /unknown option 'interpolation'/);
  assert.throws(() => new T.RandomAffine({ degrees: 0, fill: [1, 2] }).outputShape([3, 4, 4]), /The number of elements in 'fill' does not match the number of channels of the image \(2 != 3\)/);
  assert.throws(() => new T.RandomAffine({ degrees: 0, fill: "white" }), /fill must be a number or one number per channel/);
});

test("explicit parameters and batches are checked", () => {
  const x = Tensor.zeros([2, 1, 3, 3]);
  const flip = new T.RandomHorizontalFlip();
  assert.throws(() => flip.applyWith(x, [true]), /needs one parameter entry per image, got 1 for a batch of 2/);
  assert.throws(() => flip.applyWith(x, [true, 1]), /the parameter of image 1 must be true \(flip\) or false, got 1/);
  assert.throws(() => new T.RandomAffine({ degrees: 0 }).applyWith(x, [{ tx: 1, ty: 0 }, { tx: 0.5, ty: 0 }]), /image 1's translation \{ tx, ty \} must be whole pixels/);
  assert.throws(() => new T.Compose([flip, flip]).applyWith(x, [[true, false], [true]]), /image 1 needs 2 parameter entries \(one per transform\)/);
  assert.throws(() => new T.Compose([flip, (y) => y]), /Compose: transform 1 is not a data.transforms transform/);
  assert.throws(() => flip.apply(Tensor.zeros([2, 9])), /RandomHorizontalFlip: rows of shape \[9\] are not images \[C, H, W\]; pass imageShape/);
  assert.throws(() => flip.apply(x, { imageShape: [1, 3, 3], sed: 1 }), /unknown option 'sed' — did you mean 'seed'\?/);
  x.dispose();
});
