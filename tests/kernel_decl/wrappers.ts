// The generated wrappers take a kernel's arguments by name: a positional call,
// a missing argument or a misspelt name is a type error (`@ts-expect-error`
// fails the compile when it is not), while the call by name type-checks.
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
}
