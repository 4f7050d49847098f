// Whether operations record the graph, as PyTorch's grad mode. A plain
// counter, not a stack of flags: `noGrad` and `enableGrad` nest and restore
// on exceptions.

let enabled = true;

/** Whether operations on tensors that require grad are recorded for `backward()` (PyTorch's `torch.is_grad_enabled()`). */
export function isGradEnabled(): boolean {
  return enabled;
}

/** Run `fn` with grad mode set to `mode`, restoring the previous mode afterwards (also when `fn` throws). */
function withGradMode<T>(mode: boolean, fn: () => T): T {
  const before = enabled;
  enabled = mode;
  try {
    return fn();
  } finally {
    enabled = before;
  }
}

/**
 * Run `fn` without recording the graph, as PyTorch's `with torch.no_grad():`.
 * Results computed inside do not require grad; use it for evaluation, and to
 * update parameters by hand.
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Run `fn` with recording on, inside a `noGrad` block (PyTorch's `torch.enable_grad()`). */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}
