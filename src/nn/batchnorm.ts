import { batchNormBackward, batchNormForward, batchNormInvStd, batchNormStats, batchNormUpdateRunning } from "../kernels/norm.js";
import { vecCopy } from "../kernels/elementwise.js";
import { rt } from "../runtime/wasm.js";
import { Tensor, shapeStr, workspace } from "../tensor.js";
import { Module } from "./module.js";
import { Parameter } from "./parameter.js";
import { checkGradShape, saved } from "./check.js";
import { checkOptions, optionNames } from "../options.js";

/** Options of {@link BatchNorm1d}. */
export interface BatchNormOptions {
  /** Added to the variance for stability (default 1e-5). */
  eps?: number;
  /** Weight of the new batch in the running statistics; `null` = cumulative average (default 0.1). */
  momentum?: number | null;
  /** Learn a per-feature scale `weight` and shift `bias` (default `true`). */
  affine?: boolean;
  /** Keep running statistics for eval mode (default `true`); without them every call uses batch statistics. */
  trackRunningStats?: boolean;
}

const BATCH_NORM_OPTIONS = optionNames<BatchNormOptions>({ eps: true, momentum: true, affine: true, trackRunningStats: true });

/**
 * `torch.nn.BatchNorm1d` for inputs `[N, numFeatures]`. Training normalises
 * with the batch mean and biased variance and updates `running_mean` and
 * `running_var` (with the unbiased variance) by `momentum`, or by
 * `1 / num_batches_tracked` when `momentum` is `null`; eval mode uses the
 * running statistics. State-dict keys match PyTorch's.
 */
export class BatchNorm1d extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly runningMean: Tensor | null;
  readonly runningVar: Tensor | null;
  readonly numBatchesTracked: Tensor | null;
  protected input?: Tensor;
  private batchStats = true;
  // Per-feature statistics of the last forward and the kernels' scratch: fixed sizes, allocated once (per call instance on the tape).
  private mean!: Tensor;
  private variance!: Tensor;
  private invstd!: Tensor;
  private scratch!: Tensor;
  protected out?: Tensor;
  protected gradIn?: Tensor;

  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super();
    const who = new.target.name;
    checkOptions(who, options, BATCH_NORM_OPTIONS);
    const { eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true } = options;
    if (!Number.isInteger(numFeatures) || numFeatures <= 0) throw new RangeError(`wasmtune: ${who}: numFeatures must be a positive integer, got ${numFeatures}`);
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    const c = [numFeatures];
    this.weight = affine ? this.registerParameter("weight", new Parameter(Tensor.full(c, 1))) : null;
    this.bias = affine ? this.registerParameter("bias", new Parameter(Tensor.zeros(c))) : null;
    this.runningMean = trackRunningStats ? this.registerBuffer("running_mean", Tensor.zeros(c)) : null;
    this.runningVar = trackRunningStats ? this.registerBuffer("running_var", Tensor.full(c, 1)) : null;
    this.numBatchesTracked = trackRunningStats ? this.registerBuffer("num_batches_tracked", Tensor.zeros([], "int32")) : null;
    this.freshCallState();
  }

  protected override freshCallState(): void {
    const c = this.numFeatures;
    this.mean = Tensor.empty([c]);
    this.variance = Tensor.empty([c]);
    this.invstd = Tensor.empty([c]);
    this.scratch = Tensor.empty([rt().k.batchNormScratchFloats(c)]);
  }

  forward(x: Tensor): Tensor {
    const c = this.numFeatures;
    if (x.shape.length !== 2 || x.shape[1] !== c) throw new Error(`wasmtune: ${this}: expected input of shape [N, ${c}], got ${shapeStr(x.shape)}`);
    this.input = x;
    const y = (this.out = workspace(this.out, x.shape));
    this.normalize(x, y, x.shape[0], x.shape);
    return y;
  }

  override backward(gradOut: Tensor): Tensor {
    const x = saved(this.input, this);
    checkGradShape(this, gradOut, x.shape);
    const gx = (this.gradIn = workspace(this.gradIn, x.shape));
    this.normalizeBackward(x, gradOut, gx, x.shape[0]);
    return gx;
  }

  /**
   * y = the normalised rows of `x`, `[rows, numFeatures]`, updating the
   * running statistics in training; `shape` names the layer's input in errors.
   */
  protected normalize(x: Tensor, y: Tensor, rows: number, shape: readonly number[]): void {
    const c = this.numFeatures;
    const k = rt().k;
    this.batchStats = this.training || this.runningMean === null;
    const { mean, variance, invstd, scratch } = this;
    if (this.batchStats) {
      if (rows <= 1) throw new Error(`Expected more than 1 value per channel when training, got input size ${shapeStr(shape)}`);
      batchNormStats(k, { x: x.ptr, mean: mean.ptr, variance: variance.ptr, scratch: scratch.ptr, n: rows, c });
      if (this.training) this.updateRunningStats(mean, variance, rows);
    } else {
      vecCopy(k, { src: this.runningMean!.ptr, dst: mean.ptr, n: c });
      vecCopy(k, { src: this.runningVar!.ptr, dst: variance.ptr, n: c });
    }
    batchNormInvStd(k, { variance: variance.ptr, invstd: invstd.ptr, eps: this.eps, c });
    batchNormForward(k, { x: x.ptr, y: y.ptr, mean: mean.ptr, invstd: invstd.ptr, weight: this.weight?.data.ptr ?? 0, bias: this.bias?.data.ptr ?? 0, n: rows, c });
  }

  /** gx = the input gradient of the last `normalize` (rows `x`, upstream `gy`); adds the affine gradients. */
  protected normalizeBackward(x: Tensor, gy: Tensor, gx: Tensor, rows: number): void {
    batchNormBackward(rt().k, {
      x: x.ptr, gy: gy.ptr, mean: this.mean.ptr, invstd: this.invstd.ptr, weight: this.weight?.data.ptr ?? 0,
      gx: gx.ptr, gradWeight: this.weight?.grad.ptr ?? 0, gradBias: this.bias?.grad.ptr ?? 0, scratch: this.scratch.ptr,
      n: rows, c: this.numFeatures, training: this.batchStats ? 1 : 0,
    });
  }

  private updateRunningStats(mean: Tensor, variance: Tensor, n: number): void {
    if (this.runningMean === null || this.runningVar === null || this.numBatchesTracked === null) return;
    // Through the runtime's view: `.data` would build a typed-array view every step.
    const i32 = rt().i32;
    const at = this.numBatchesTracked.ptr >>> 2;
    i32[at] += 1;
    const factor = this.momentum ?? 1 / i32[at];
    batchNormUpdateRunning(rt().k, {
      runMean: this.runningMean.ptr, runVar: this.runningVar.ptr, mean: mean.ptr, variance: variance.ptr,
      momentum: factor, unbias: n / (n - 1), c: this.numFeatures,
    });
  }

  /** In training and in eval alike (BatchNorm2d too). */
  override gradFnName(): string {
    return "NativeBatchNormBackward0";
  }

  override toString(): string {
    return `${this.constructor.name}(${this.numFeatures})`;
  }

  protected override disposeWorkspaces(): void {
    for (const t of [this.mean, this.variance, this.invstd, this.scratch, this.out, this.gradIn]) t?.dispose();
  }
}
