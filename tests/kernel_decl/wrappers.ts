// The generated wrappers take a kernel's arguments by name: a positional call,
// a missing argument or a misspelt name is a type error (`@ts-expect-error`
// fails the compile when it is not), while the call by name type-checks.
import { im2col, maxPool2dForward } from "../../dist/kernels/conv.js";
import { gemmNT } from "../../dist/kernels/gemm.js";
import { huberLossBackward, mseLossBackward } from "../../dist/kernels/loss.js";
import { adamStepTable, l1Grad } from "../../dist/kernels/optim.js";
import type { Kernels } from "../../dist/runtime/wasm.js";

export function calls(k: Kernels): void {
  const byName = {
    table: 64, count: 2, weightDecay: 0, paramScale: 1, beta1: 0.9, oneMinusBeta1: 0.1, beta2: 0.999, oneMinusBeta2: 0.001, eps: 1e-8,
    amsgrad: 0, maximize: 0,
  };
  adamStepTable(k, byName);
  // @ts-expect-error the arguments in the module's order, unnamed
  adamStepTable(k, 64, 2, 0, 1, 0.9, 0.1, 0.999, 0.001, 1e-8, 0, 0);
  const { beta1: _, ...withoutBeta1 } = byName;
  // @ts-expect-error beta1 is missing
  adamStepTable(k, withoutBeta1);
  // @ts-expect-error oneMinusBeta1 misspelt
  adamStepTable(k, { ...withoutBeta1, beta1: 0.9, oneMinusbeta1: 0.1 });
  l1Grad(k, { w: 64, g: 128, lambda: 1e-4, n: 10 });
  // @ts-expect-error l1Grad takes the length as n
  l1Grad(k, { w: 64, g: 128, lambda: 1e-4, size: 10 });
  const geometry = { c: 3, h: 8, w: 8, kh: 3, kw: 3, padTop: 1, padLeft: 1, sh: 1, sw: 1, dh: 1, dw: 1, oh: 8, ow: 8, reflect: 0 };
  im2col(k, { x: 64, col: 1024, ...geometry });
  // @ts-expect-error im2col's 16 arguments in the module's order, unnamed
  im2col(k, 64, 1024, 3, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 8, 8, 0);
  const window = { planes: 3, h: 8, w: 8, oh: 4, ow: 4, kh: 2, kw: 2, sh: 2, sw: 2, padTop: 0, padLeft: 0, dh: 1, dw: 1 };
  maxPool2dForward(k, { x: 64, y: 512, idx: 768, ...window });
  // @ts-expect-error maxPool2dForward names its indices idx
  maxPool2dForward(k, { x: 64, y: 512, indices: 768, ...window });
  // Linear's forward: Y[rows, out] = X[rows, in] · W[out, in]ᵀ; the three sizes go by name.
  gemmNT(k, { a: 64, b: 4096, c: 8192, m: 32, k: 784, n: 256, accumulate: 0, bias: 0 });
  // @ts-expect-error gemmNT's sizes in the module's order, unnamed
  gemmNT(k, 64, 4096, 8192, 32, 784, 256, 0, 0);
  // @ts-expect-error gemmNT names the inner size k, not inner
  gemmNT(k, { a: 64, b: 4096, c: 8192, m: 32, inner: 784, n: 256, accumulate: 0, bias: 0 });
  // Every pointwise loss names its scalar p, so one call serves each pair.
  const pointwise = { x: 64, y: 128, gout: 0, scale: 1, gx: 256, n: 16, p: 1 };
  for (const backward of [mseLossBackward, huberLossBackward]) backward(k, pointwise);
  // @ts-expect-error Huber's delta is passed as p
  huberLossBackward(k, { x: 64, y: 128, gout: 0, scale: 1, gx: 256, n: 16, delta: 1 });
}
