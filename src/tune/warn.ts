// Optuna's warnings (a repeated report step, an inconsistent re-suggestion,
// an objective value it cannot use) are not errors: the study goes on. They
// go to the console, where Python's `warnings.warn` would print them.

/** Print a tuning warning. */
export function warn(message: string): void {
  console.warn(`wasmtune: ${message}`);
}
