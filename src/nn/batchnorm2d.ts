import { transposeBatched } from "../kernels/transpose.js";
import { rt } from "../runtime/wasm.js";
import { Tensor, shapeStr, workspace } from "../tensor.js";
import { BatchNorm1d } from "./batchnorm.js";
import type { BatchNormOptions } from "./batchnorm.js";
import { checkGradShape, saved, sameShape } from "./check.js";

/**
 * `torch.nn.BatchNorm2d` for NCHW input `[N, C, H, W]`: statistics per
 * channel over N·H·W values, otherwise `BatchNorm1d` (same options, state
 * dict and running-statistics rules). The batch is transposed to
 * `[N·H·W, C]` rows, which BatchNorm1d's kernels read sequentially, and the
 * result transposed back (two `transposeBatched` passes each way).
 */
export class BatchNorm2d extends BatchNorm1d {
  private inShape: number[] = [];
  private rowsIn?: Tensor;
  private rowsOut?: Tensor;
  private rowsGrad?: Tensor;

  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options);
  }

  override forward(x: Tensor): Tensor {
    const s = x.shape, c = this.numFeatures;
    if (s.length !== 4 || s[1] !== c) throw new Error(`wasmtune: ${this}: expected input of shape [N, ${c}, H, W], got ${shapeStr(s)}`);
    if (!sameShape(this.inShape, s) || this.rowsIn === undefined) this.prepare(s);
    this.input = x;
    const k = rt().k, n = s[0], hw = s[2] * s[3];
    const rows = this.rowsIn!, out = this.rowsOut!, y = this.out!;
    transposeBatched(k, { src: x.ptr, dst: rows.ptr, batches: n, rows: c, cols: hw });
    this.normalize(rows, out, n * hw, s);
    transposeBatched(k, { src: out.ptr, dst: y.ptr, batches: n, rows: hw, cols: c });
    return y;
  }

  override backward(gradOut: Tensor): Tensor {
    const x = saved(this.input, this);
    checkGradShape(this, gradOut, x.shape);
    const k = rt().k, c = this.numFeatures, n = x.shape[0], hw = x.shape[2] * x.shape[3];
    // The output rows are free once forward has transposed them back: they take the upstream gradient.
    const gy = this.rowsOut!, g = this.rowsGrad!, gx = this.gradIn!;
    transposeBatched(k, { src: gradOut.ptr, dst: gy.ptr, batches: n, rows: c, cols: hw });
    this.normalizeBackward(this.rowsIn!, gy, g, n * hw);
    transposeBatched(k, { src: g.ptr, dst: gx.ptr, batches: n, rows: hw, cols: c });
    return gx;
  }

  private prepare(s: readonly number[]): void {
    const rows = [s[0] * s[2] * s[3], this.numFeatures];
    this.rowsIn = workspace(this.rowsIn, rows);
    this.rowsOut = workspace(this.rowsOut, rows);
    this.rowsGrad = workspace(this.rowsGrad, rows);
    this.out = workspace(this.out, s);
    this.gradIn = workspace(this.gradIn, s);
    this.inShape = s.slice();
  }

  protected override disposeWorkspaces(): void {
    super.disposeWorkspaces();
    for (const t of [this.rowsIn, this.rowsOut, this.rowsGrad]) t?.dispose();
  }
}
