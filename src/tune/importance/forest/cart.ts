// A CART regression tree grown as scikit-learn 1.2's DecisionTreeRegressor
// grows one (squared error, best splitter, depth-first builder), so that a
// tree fitted here on the same data has sklearn's splits and leaf values:
// features are compared as float32 (sklearn casts X to float32), thresholds
// are the float64 midpoint of two neighbouring float32 values, the criterion
// keeps its running sums in sklearn's order, and a tie between features goes
// to the one visited first in a per-node random order (sklearn shuffles the
// features too, with its own generator).

import type { Generator } from "../../../random/generator.js";

/** Stopping rules (sklearn's names in camelCase). */
export interface TreeOptions {
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
}

/**
 * A fitted tree in sklearn's `tree_` layout: node 0 is the root, nodes are
 * numbered depth-first with the left child first; leaves have `feature = -2`,
 * `threshold = -2` and children `-1`. A sample goes left when
 * `x[feature] <= threshold`.
 */
export interface RegressionTree {
  readonly nFeatures: number;
  readonly nodeCount: number;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Weighted mean target of the node's samples. */
  readonly value: Float64Array;
  /** Weighted variance of the node's targets (sklearn's squared-error impurity). */
  readonly impurity: Float64Array;
  readonly nNodeSamples: Int32Array;
  readonly weightedNNodeSamples: Float64Array;
}

// sklearn's tolerances: two feature values closer than FEATURE_THRESHOLD are
// one value; a node whose impurity is within EPSILON of zero is pure.
const FEATURE_THRESHOLD = 1e-7;
const EPSILON = 2.220446049250313e-16;

/** The running sums of sklearn's MSE criterion over `samples[start..end)`. */
class Criterion {
  start = 0;
  end = 0;
  pos = 0;
  sumTotal = 0;
  sqSumTotal = 0;
  weightedNode = 0;
  sumLeft = 0;
  sumRight = 0;
  weightedLeft = 0;
  weightedRight = 0;

  constructor(
    private readonly y: Float64Array,
    private readonly w: Float64Array,
    private readonly samples: Int32Array,
    readonly weightedSamples: number,
  ) {}

  init(start: number, end: number): void {
    this.start = start;
    this.end = end;
    this.sumTotal = 0;
    this.sqSumTotal = 0;
    this.weightedNode = 0;
    for (let p = start; p < end; p++) {
      const i = this.samples[p];
      const wy = this.w[i] * this.y[i];
      this.sumTotal += wy;
      this.sqSumTotal += wy * this.y[i];
      this.weightedNode += this.w[i];
    }
    this.reset();
  }

  reset(): void {
    this.pos = this.start;
    this.sumLeft = 0;
    this.sumRight = this.sumTotal;
    this.weightedLeft = 0;
    this.weightedRight = this.weightedNode;
  }

  /** Move the split to `newPos`, adding from the left or subtracting from the right, whichever touches fewer samples (sklearn's order of rounding). */
  update(newPos: number): void {
    const { samples, w, y } = this;
    if (newPos - this.pos <= this.end - newPos) {
      for (let p = this.pos; p < newPos; p++) {
        const i = samples[p];
        this.sumLeft += w[i] * y[i];
        this.weightedLeft += w[i];
      }
    } else {
      this.sumLeft = this.sumTotal;
      this.weightedLeft = this.weightedNode;
      for (let p = this.end - 1; p >= newPos; p--) {
        const i = samples[p];
        this.sumLeft -= w[i] * y[i];
        this.weightedLeft -= w[i];
      }
    }
    this.weightedRight = this.weightedNode - this.weightedLeft;
    this.sumRight = this.sumTotal - this.sumLeft;
    this.pos = newPos;
  }

  nodeImpurity(): number {
    const mean = this.sumTotal / this.weightedNode;
    return this.sqSumTotal / this.weightedNode - mean * mean;
  }

  /** The split's ranking score: impurity decrease up to terms that do not depend on the split. */
  proxyImprovement(): number {
    return (this.sumLeft * this.sumLeft) / this.weightedLeft + (this.sumRight * this.sumRight) / this.weightedRight;
  }

  childrenImpurity(): [number, number] {
    let sqLeft = 0;
    for (let p = this.start; p < this.pos; p++) {
      const i = this.samples[p];
      sqLeft += this.w[i] * this.y[i] * this.y[i];
    }
    const meanLeft = this.sumLeft / this.weightedLeft;
    const meanRight = this.sumRight / this.weightedRight;
    return [sqLeft / this.weightedLeft - meanLeft * meanLeft, (this.sqSumTotal - sqLeft) / this.weightedRight - meanRight * meanRight];
  }

  improvement(parent: number, left: number, right: number): number {
    const n = this.weightedNode;
    return (n / this.weightedSamples) * (parent - (this.weightedRight / n) * right - (this.weightedLeft / n) * left);
  }
}

interface Split {
  feature: number;
  pos: number;
  threshold: number;
  impurityLeft: number;
  impurityRight: number;
  improvement: number;
}

/**
 * Grow a regression tree on `x` (row-major, `n × nFeatures`, already rounded
 * to float32) and `y`, with optional per-sample weights (a bootstrap's counts;
 * rows of weight 0 are left out as sklearn leaves them out). `rng` orders the
 * features at each node, which only decides ties between equally good splits.
 */
export function fitTree(
  x: Float64Array,
  nFeatures: number,
  y: Float64Array,
  weights: Float64Array | null,
  options: TreeOptions,
  rng: Generator,
): RegressionTree {
  const n = y.length;
  const w = weights ?? new Float64Array(n).fill(1);
  const kept: number[] = [];
  let weightedSamples = 0;
  for (let i = 0; i < n; i++) {
    if (w[i] !== 0) {
      kept.push(i);
      weightedSamples += w[i];
    }
  }
  const samples = Int32Array.from(kept);
  const criterion = new Criterion(y, w, samples, weightedSamples);
  const xf = new Float64Array(samples.length);
  const order = new Int32Array(nFeatures);

  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const impurityOf: number[] = [];
  const nNode: number[] = [];
  const weightedNode: number[] = [];

  // Each feature's column of the node, sorted (ties keep their order), with `samples` put in the same order.
  const ord = new Int32Array(samples.length);
  const keys = new Float64Array(samples.length);
  const moved = new Int32Array(samples.length);
  const byKey = (a: number, b: number): number => keys[a] - keys[b] || a - b;
  const sortBy = (f: number, start: number, end: number): void => {
    const m = end - start;
    for (let p = start; p < end; p++) xf[p] = x[samples[p] * nFeatures + f];
    if (m <= 16) {
      for (let p = start + 1; p < end; p++) {
        const v = xf[p];
        const s = samples[p];
        let q = p - 1;
        for (; q >= start && xf[q] > v; q--) {
          xf[q + 1] = xf[q];
          samples[q + 1] = samples[q];
        }
        xf[q + 1] = v;
        samples[q + 1] = s;
      }
      return;
    }
    for (let k = 0; k < m; k++) {
      ord[k] = k;
      keys[k] = xf[start + k];
      moved[k] = samples[start + k];
    }
    ord.subarray(0, m).sort(byKey);
    for (let k = 0; k < m; k++) {
      samples[start + k] = moved[ord[k]];
      xf[start + k] = keys[ord[k]];
    }
  };

  const bestSplit = (start: number, end: number, impurity: number): Split => {
    const best: Split = { feature: -1, pos: end, threshold: 0, impurityLeft: Infinity, impurityRight: Infinity, improvement: -Infinity };
    let bestProxy = -Infinity;
    for (let f = 0; f < nFeatures; f++) order[f] = f;
    rng.shuffle(order);
    for (const f of order) {
      sortBy(f, start, end);
      if (xf[end - 1] <= xf[start] + FEATURE_THRESHOLD) continue;
      criterion.reset();
      let p = start;
      while (p < end) {
        while (p + 1 < end && xf[p + 1] <= xf[p] + FEATURE_THRESHOLD) p++;
        p++;
        if (p >= end) break;
        if (p - start < options.minSamplesLeaf || end - p < options.minSamplesLeaf) continue;
        criterion.update(p);
        const proxy = criterion.proxyImprovement();
        if (proxy > bestProxy) {
          bestProxy = proxy;
          // Sum of halves, so the midpoint of two huge values cannot overflow.
          let t = xf[p - 1] / 2 + xf[p] / 2;
          if (t === xf[p] || t === Infinity || t === -Infinity) t = xf[p - 1];
          best.feature = f;
          best.pos = p;
          best.threshold = t;
        }
      }
    }
    if (best.pos < end) {
      // sklearn's in-place partition (its swap order decides the children's summation order).
      let p = start;
      let partitionEnd = end;
      while (p < partitionEnd) {
        if (x[samples[p] * nFeatures + best.feature] <= best.threshold) p++;
        else {
          partitionEnd--;
          const t = samples[p];
          samples[p] = samples[partitionEnd];
          samples[partitionEnd] = t;
        }
      }
      criterion.reset();
      criterion.update(best.pos);
      [best.impurityLeft, best.impurityRight] = criterion.childrenImpurity();
      best.improvement = criterion.improvement(impurity, best.impurityLeft, best.impurityRight);
    }
    return best;
  };

  interface Frame { start: number; end: number; depth: number; parent: number; isLeft: boolean; impurity: number }
  const stack: Frame[] = [{ start: 0, end: samples.length, depth: 0, parent: -1, isLeft: false, impurity: Infinity }];
  let first = true;
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { start, end, depth } = frame;
    criterion.init(start, end);
    const count = end - start;
    let isLeaf = depth >= options.maxDepth || count < options.minSamplesSplit || count < 2 * options.minSamplesLeaf;
    // The root measures its impurity; every other node inherits it from its parent's split.
    const impurity = first ? criterion.nodeImpurity() : frame.impurity;
    first = false;
    isLeaf ||= impurity <= EPSILON;
    let split: Split | null = null;
    if (!isLeaf) {
      split = bestSplit(start, end, impurity);
      isLeaf = split.pos >= end || split.improvement + EPSILON < 0;
    }
    const id = feature.length;
    if (frame.parent >= 0) (frame.isLeft ? left : right)[frame.parent] = id;
    feature.push(isLeaf ? -2 : split!.feature);
    threshold.push(isLeaf ? -2 : split!.threshold);
    left.push(-1);
    right.push(-1);
    value.push(criterion.sumTotal / criterion.weightedNode);
    impurityOf.push(impurity);
    nNode.push(count);
    weightedNode.push(criterion.weightedNode);
    if (!isLeaf) {
      const s = split!;
      stack.push({ start: s.pos, end, depth: depth + 1, parent: id, isLeft: false, impurity: s.impurityRight });
      stack.push({ start, end: s.pos, depth: depth + 1, parent: id, isLeft: true, impurity: s.impurityLeft });
    }
  }
  return {
    nFeatures,
    nodeCount: feature.length,
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
    impurity: Float64Array.from(impurityOf),
    nNodeSamples: Int32Array.from(nNode),
    weightedNNodeSamples: Float64Array.from(weightedNode),
  };
}

/** The leaf value `tree` gives the row `x` (float32-rounded as the tree was fitted). */
export function predictTree(tree: RegressionTree, x: ArrayLike<number>): number {
  let node = 0;
  while (tree.left[node] !== -1) node = Math.fround(x[tree.feature[node]]) <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  return tree.value[node];
}
