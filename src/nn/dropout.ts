import { XOSHIRO_STATE, dropoutMask } from "../kernels/random.js";
import { vecMul } from "../kernels/elementwise.js";
import { rt } from "../runtime/wasm.js";
import { Tensor, workspace } from "../tensor.js";
import { Generator, defaultGenerator } from "../random/generator.js";
import { Module } from "./module.js";
import { checkGradShape, numberArg, saved } from "./check.js";
import { checkOptions, optionNames } from "../options.js";

/** Options of {@link Dropout}. */
export interface DropoutOptions {
  /** Probability of zeroing an element (default 0.5), when not given positionally. */
  p?: number;
  /** Source of the masks (default: `defaultGenerator`). */
  generator?: Generator;
}

const DROPOUT_OPTIONS = optionNames<DropoutOptions>({ p: true, generator: true });

/**
 * Zeroes each element with probability `p` in training and scales the kept
 * ones by `1 / (1 - p)` (inverted dropout), as `torch.nn.Dropout`. In eval
 * mode, or with `p = 0`, it is the identity and returns its input (and the
 * upstream gradient) unchanged. Masks are drawn from a seeded `Generator`.
 */
export class Dropout extends Module {
  readonly p: number;
  private readonly generator: Generator;
  protected mask?: Tensor;
  private state?: Tensor;
  protected out?: Tensor;
  protected gradIn?: Tensor;
  protected active = false;

  /** `new Dropout(0.3)`, `new Dropout(0.3, { generator })` or `new Dropout({ p: 0.3, generator })`. */
  constructor(p: number | DropoutOptions = 0.5, options: DropoutOptions = {}) {
    super();
    const who = new.target.name;
    checkOptions(who, options, DROPOUT_OPTIONS);
    const { generator = defaultGenerator } = typeof p === "object" ? p : options;
    p = numberArg(who, "p", p, 0.5, DROPOUT_OPTIONS);
    if (!(p >= 0 && p <= 1)) throw new Error(`dropout probability has to be between 0 and 1, but got ${p}`);
    this.p = p;
    this.generator = generator;
  }

  forward(x: Tensor): Tensor {
    this.active = this.training && this.p > 0;
    if (!this.active) return x;
    const mask = (this.mask = workspace(this.mask, x.shape));
    const y = (this.out = workspace(this.out, x.shape));
    this.drawMask(mask);
    vecMul(rt().k, { a: x.ptr, b: mask.ptr, out: y.ptr, n: x.size });
    return y;
  }

  override backward(gradOut: Tensor): Tensor {
    if (!this.active) return gradOut;
    const mask = saved(this.mask, this);
    checkGradShape(this, gradOut, mask.shape);
    const gx = (this.gradIn = workspace(this.gradIn, mask.shape));
    vecMul(rt().k, { a: gradOut.ptr, b: mask.ptr, out: gx.ptr, n: mask.size });
    return gx;
  }

  // One 32-bit draw per element, in WebAssembly from the generator's own
  // state: the stream advances exactly as with n calls of nextUint32().
  protected drawMask(mask: Tensor): void {
    const r = rt();
    const state = (this.state ??= Tensor.zeros([XOSHIRO_STATE.slots], "int32"));
    const at = state.ptr >>> 2;
    this.generator.storeState(r.i32, at);
    dropoutMask(r.k, { mask: mask.ptr, n: mask.size, keep: (1 - this.p) * 4294967296, scale: this.p === 1 ? 0 : 1 / (1 - this.p), state: state.ptr });
    this.generator.loadState(r.i32, at);
  }

  /** Dropout2d too: PyTorch's CPU dropout multiplies by the scaled mask. */
  override gradFnName(): string {
    return "MulBackward0";
  }

  override toString(): string {
    return `${this.constructor.name}(p=${this.p})`;
  }

  protected override disposeWorkspaces(): void {
    this.mask?.dispose();
    this.state?.dispose();
    this.out?.dispose();
    this.gradIn?.dispose();
  }
}
