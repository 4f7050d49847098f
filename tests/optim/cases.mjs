// Building a fixture case of tests/fixtures/optim/trajectories.json as the
// generator does: parameters of lengths 1, 37, 1024 from the hash, groups
// [p1, p37] and [p1024] (the latter with the case's group overrides).
import { wt, fixture } from "../helpers.mjs";

const { Tensor, nn, optim } = wt;
export const { sizes } = fixture("optim/trajectories.json");

const SCALES = [0.0625, 0.25, 1, 4];

/** tests/fixtures/gen_optim.py's `hval`, bit for bit. */
export function hval(seed, t, i) {
  let h = (Math.imul(seed, 0x9e3779b1) + Math.imul(t, 0x85ebca77) + Math.imul(i, 0xc2b2ae3d) + 0x165667b1) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h = (h ^ (h >>> 13)) >>> 0;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return (((h >>> 8) - 8388608) / 8388608) * SCALES[h & 3];
}

export function hvec(seed, t, offset, n) {
  return Float32Array.from({ length: n }, (_, i) => hval(seed, t, offset + i));
}

export function setup(c) {
  const params = sizes.map((n, k) => new nn.Parameter(Tensor.from(hvec(c.seed, 0, 10000 * k, n))));
  const opt = new optim[c.optimizer]([{ params: params.slice(0, 2) }, { params: params.slice(2), ...c.groupOptions }], c.options);
  return { params, opt };
}

export function feedGrads(c, params, t) {
  params.forEach((p, k) => p.grad.set(hvec(c.seed, t, 10000 * k, sizes[k])));
}
