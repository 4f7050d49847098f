import { vecMulRows } from "../kernels/elementwise.js";
import { rt } from "../runtime/wasm.js";
import { Tensor, shapeStr, workspace } from "../tensor.js";
import { Dropout } from "./dropout.js";
import { checkGradShape, saved, sameShape } from "./check.js";

/**
 * `torch.nn.Dropout2d`: in training, zeroes whole channels of `[N, C, H, W]`
 * (or `[N, C, L]`) input with probability `p` and scales the kept ones by
 * `1 / (1 - p)`; the identity in eval mode or with `p = 0`. One draw per
 * (sample, channel) from the seeded `Generator`, as `Dropout` draws one per
 * element (`dropoutMask`); the mask multiplies each plane (`vecMulRows`).
 */
export class Dropout2d extends Dropout {
  private inShape: number[] = [];

  override forward(x: Tensor): Tensor {
    this.active = this.training && this.p > 0;
    if (!this.active) return x;
    const s = x.shape;
    if (s.length !== 3 && s.length !== 4) throw new Error(`wasmtune: ${this}: expected input of shape [N, C, H, W] or [N, C, L], got ${shapeStr(s)}`);
    if (!sameShape(this.inShape, s) || this.out === undefined) {
      this.mask = workspace(this.mask, [s[0], s[1]]);
      this.out = workspace(this.out, s);
      this.inShape = s.slice();
    }
    const mask = this.mask!, y = this.out;
    this.drawMask(mask);
    vecMulRows(rt().k, { x: x.ptr, scales: mask.ptr, out: y.ptr, rows: mask.size, cols: x.size / mask.size });
    return y;
  }

  override backward(gradOut: Tensor): Tensor {
    if (!this.active) return gradOut;
    const y = saved(this.out, this), mask = this.mask!;
    checkGradShape(this, gradOut, y.shape);
    const gx = (this.gradIn = workspace(this.gradIn, y.shape));
    vecMulRows(rt().k, { x: gradOut.ptr, scales: mask.ptr, out: gx.ptr, rows: mask.size, cols: y.size / mask.size });
    return gx;
  }
}
