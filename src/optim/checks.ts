import { pyFloat } from "./pyfloat.js";

// Option checks shared by the optimizers, worded exactly as torch.optim's
// ValueErrors (including its snake_case option names).

/** Refuse a negative or NaN option: `Invalid ${what}: ${value}`. */
export function checkNonNegative(value: unknown, what: string): void {
  if (!((value as number) >= 0)) throw new RangeError(`Invalid ${what}: ${pyFloat(value as number)}`);
}

/** Refuse betas outside [0, 1). */
export function checkBetas(betas: unknown): void {
  const b = betas as readonly number[];
  for (let i = 0; i < 2; i++) {
    if (!(b[i] >= 0 && b[i] < 1)) throw new RangeError(`Invalid beta parameter at index ${i}: ${pyFloat(b[i])}`);
  }
}

/** The checks every Adam-style optimizer makes, in PyTorch's order: lr, eps, betas, weight decay. */
export function checkAdamOptions(o: Record<string, unknown>): void {
  checkNonNegative(o.lr, "learning rate");
  checkNonNegative(o.eps, "epsilon value");
  checkBetas(o.betas);
  checkNonNegative(o.weightDecay, "weight_decay value");
}
