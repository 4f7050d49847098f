import type { Parameter } from "../../nn/parameter.js";
import { sqrt } from "../../runtime/math.js";
import { clipSumAbsOrSquares } from "../../kernels/optim.js";
import { vecCopy, vecSub } from "../../kernels/elementwise.js";
import { rt } from "../../runtime/wasm.js";
import { Tensor } from "../../tensor.js";

/** L2 norm of n float32 values at a byte offset, with the f64 sum of the gradient-clipping kernel. */
export function l2(ptr: number, n: number): number {
  return sqrt(clipSumAbsOrSquares(rt().k, { x: ptr, n, p: 2 }));
}

/**
 * Copies of every parameter taken at one moment, to measure later how far
 * each has moved: `‖θ_now − θ_then‖ / ‖θ_then‖`. The copies and the
 * difference live in WebAssembly memory, so a measurement is a copy, a
 * subtraction and two norm reductions per parameter.
 */
export class ParamSnapshot {
  private readonly copies: Tensor[];
  private readonly diff: Tensor;
  private taken = false;

  constructor(private readonly params: Parameter[]) {
    this.copies = params.map((p) => Tensor.empty(p.shape));
    this.diff = Tensor.empty([Math.max(1, ...params.map((p) => p.size))]);
  }

  get valid(): boolean {
    return this.taken;
  }

  take(): void {
    const k = rt().k;
    this.params.forEach((p, i) => vecCopy(k, { src: p.data.ptr, dst: this.copies[i].ptr, n: p.size }));
    this.taken = true;
  }

  /** Forget the copies (after a rollback they describe another timeline). */
  invalidate(): void {
    this.taken = false;
  }

  /** Each parameter's relative change since `take()`. */
  ratios(): number[] {
    const k = rt().k;
    return this.params.map((p, i) => {
      const then = this.copies[i];
      vecSub(k, { a: p.data.ptr, b: then.ptr, out: this.diff.ptr, n: p.size });
      return l2(this.diff.ptr, p.size) / l2(then.ptr, p.size);
    });
  }

  dispose(): void {
    for (const c of this.copies) c.dispose();
    this.diff.dispose();
  }
}
