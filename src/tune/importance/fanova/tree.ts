// The functional ANOVA decomposition of one regression tree (Hutter, Hoos and
// Leyton-Brown 2014), computed as Optuna's `_FanovaTree` computes it: the
// tree's leaves partition the search-space box; a leaf's weight is its
// sub-box's volume (cardinality), and the marginal prediction at a point of
// some features averages the leaves it can reach, each weighted by its volume
// in the other features.

/** What the decomposition reads of a fitted tree (sklearn's `tree_` layout; see `RegressionTree`). */
export interface TreeStructure {
  readonly feature: ArrayLike<number>;
  readonly threshold: ArrayLike<number>;
  readonly left: ArrayLike<number>;
  readonly right: ArrayLike<number>;
  readonly value: ArrayLike<number>;
}

/** Weighted mean and variance of `values` (numpy.average twice). */
function weightedVariance(values: ArrayLike<number>, weights: ArrayLike<number>): number {
  let sw = 0;
  let swv = 0;
  for (let i = 0; i < values.length; i++) {
    sw += weights[i];
    swv += values[i] * weights[i];
  }
  const mean = swv / sw;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - mean) * (values[i] - mean) * weights[i];
  return s / sw;
}

/** Product of a box's side lengths (`lo`/`hi` by feature). */
function cardinality(lo: ArrayLike<number>, hi: ArrayLike<number>): number {
  let c = 1;
  for (let f = 0; f < lo.length; f++) c *= hi[f] - lo[f];
  return c;
}

/** One tree's variance and the variance of its marginal predictions over a set of features. */
export class FanovaTree {
  private readonly tree: TreeStructure;
  private readonly nFeatures: number;
  private readonly bounds: Float64Array;
  /** Per node: volume-weighted mean prediction and total volume of its box. */
  private readonly statValue: Float64Array;
  private readonly statWeight: Float64Array;
  /** Per feature: midpoints and widths of the intervals its thresholds cut the range into. */
  private readonly midpoints: Float64Array[];
  private readonly sizes: Float64Array[];
  /** Per node and feature (`node * nFeatures + f`): whether the node's subtree splits on f. */
  private readonly subtreeSplits: Uint8Array;
  /** Variance of the tree's prediction over the whole box. */
  readonly variance: number;

  /** `bounds` holds each feature's `[low, high]` in the transformed search space (`2 × nFeatures`, row-major by feature). */
  constructor(tree: TreeStructure, bounds: ArrayLike<number>) {
    this.tree = tree;
    const d = bounds.length / 2;
    const n = tree.feature.length;
    this.nFeatures = d;
    this.bounds = Float64Array.from(bounds);
    this.statValue = new Float64Array(n);
    this.statWeight = new Float64Array(n);
    this.subtreeSplits = new Uint8Array(n * d);

    // Leaf statistics from each node's box, handed down from the root.
    const lo: Float64Array[] = new Array(n);
    const hi: Float64Array[] = new Array(n);
    lo[0] = Float64Array.from({ length: d }, (_, f) => bounds[2 * f]);
    hi[0] = Float64Array.from({ length: d }, (_, f) => bounds[2 * f + 1]);
    for (let node = 0; node < n; node++) {
      const f = tree.feature[node];
      if (f < 0) {
        this.statValue[node] = tree.value[node];
        this.statWeight[node] = cardinality(lo[node], hi[node]);
        continue;
      }
      const l = tree.left[node];
      const r = tree.right[node];
      lo[l] = lo[node];
      hi[l] = hi[node].slice();
      hi[l][f] = tree.threshold[node];
      lo[r] = lo[node].slice();
      lo[r][f] = tree.threshold[node];
      hi[r] = hi[node];
    }
    // Children are numbered after their parent, so one backward pass completes the internal nodes.
    for (let node = n - 1; node >= 0; node--) {
      const f = tree.feature[node];
      if (f < 0) continue;
      const l = tree.left[node];
      const r = tree.right[node];
      const wl = this.statWeight[l];
      const wr = this.statWeight[r];
      this.statValue[node] = (this.statValue[l] * wl + this.statValue[r] * wr) / (wl + wr);
      this.statWeight[node] = wl + wr;
      const row = node * d;
      this.subtreeSplits[row + f] = 1;
      for (let g = 0; g < d; g++) this.subtreeSplits[row + g] |= this.subtreeSplits[l * d + g] | this.subtreeSplits[r * d + g];
    }

    const splitValues: number[][] = Array.from({ length: d }, () => []);
    for (let node = 0; node < n; node++) {
      const f = tree.feature[node];
      if (f >= 0 && !splitValues[f].includes(tree.threshold[node])) splitValues[f].push(tree.threshold[node]);
    }
    this.midpoints = [];
    this.sizes = [];
    for (let f = 0; f < d; f++) {
      const cuts = [bounds[2 * f], ...splitValues[f].sort((a, b) => a - b), bounds[2 * f + 1]];
      const k = cuts.length - 1;
      this.midpoints.push(Float64Array.from({ length: k }, (_, i) => 0.5 * (cuts[i + 1] + cuts[i])));
      this.sizes.push(Float64Array.from({ length: k }, (_, i) => cuts[i + 1] - cuts[i]));
    }

    const leafValues: number[] = [];
    const leafWeights: number[] = [];
    for (let node = 0; node < n; node++) {
      if (tree.feature[node] >= 0) continue;
      leafValues.push(this.statValue[node]);
      leafWeights.push(this.statWeight[node]);
    }
    this.variance = weightedVariance(leafValues, leafWeights);
  }

  /**
   * Variance of the tree's marginal prediction over `features` (the others
   * averaged out): the marginal is constant on the grid cells the features'
   * thresholds cut, so it is evaluated at each cell's midpoint and weighted
   * by the cell's volume.
   */
  marginalVariance(features: readonly number[]): number {
    if (features.length === 0) throw new RangeError("marginalVariance: no features given");
    const active = [...features].sort((a, b) => a - b);
    const k = active.length;
    const at = new Int32Array(k);
    const point = new Float64Array(k);
    const values: number[] = [];
    const weights: number[] = [];
    // Every combination of cells, the last feature varying fastest (itertools.product's order).
    for (;;) {
      let size = 1;
      for (let j = 0; j < k; j++) {
        point[j] = this.midpoints[active[j]][at[j]];
        size *= this.sizes[active[j]][at[j]];
      }
      const [value, weight] = this.marginalized(active, point);
      values.push(value);
      weights.push(weight * size);
      let j = k - 1;
      while (j >= 0 && ++at[j] === this.midpoints[active[j]].length) at[j--] = 0;
      if (j < 0) break;
    }
    return weightedVariance(values, weights);
  }

  /** Mean prediction and weight of the leaves reachable with `active[j] = point[j]`, the other features free. */
  private marginalized(active: readonly number[], point: Float64Array): [number, number] {
    const { tree, nFeatures: d } = this;
    const k = active.length;
    const slot = new Int32Array(d).fill(-1);
    active.forEach((f, j) => (slot[f] = j));
    const nodes: number[] = [0];
    const boxes: Float64Array[] = [Float64Array.from({ length: 2 * k }, (_, i) => this.bounds[2 * active[i >> 1] + (i & 1)])];
    let sum = 0;
    let total = 0;
    while (nodes.length > 0) {
      const node = nodes.pop()!;
      const box = boxes.pop()!;
      const f = tree.feature[node];
      if (f >= 0) {
        const j = slot[f];
        if (j >= 0) {
          // The split is on a fixed feature: follow the side the point lies on.
          const goLeft = point[j] <= tree.threshold[node];
          const child = box.slice();
          child[2 * j + (goLeft ? 1 : 0)] = tree.threshold[node];
          nodes.push(goLeft ? tree.left[node] : tree.right[node]);
          boxes.push(child);
          continue;
        }
        if (active.some((g) => this.subtreeSplits[node * d + g] === 1)) {
          nodes.push(tree.left[node], tree.right[node]);
          boxes.push(box, box);
          continue;
        }
      }
      let c = 1;
      for (let j = 0; j < k; j++) c *= box[2 * j + 1] - box[2 * j];
      const w = this.statWeight[node] / c;
      sum += this.statValue[node] * w;
      total += w;
    }
    return [sum / total, total];
  }

}
