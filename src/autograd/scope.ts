import { Tensor } from "../tensor.js";
import type { DType } from "../tensor.js";
import { rt } from "../runtime/wasm.js";
import type { Node } from "./node.js";

// Where the memory of operation results goes back. JavaScript cannot free
// WebAssembly memory when a tensor becomes unreachable in time for a
// synchronous training loop (finalizers only run between tasks), so results
// belong to the innermost `tidy` scope and are freed when it ends; results
// made outside any scope fall back to a finalizer. `fit()` runs each step in a
// scope: the same sizes are freed and re-allocated every step, and the
// allocator hands back the same addresses, so memory does not grow.

const scopes: Set<Tensor>[] = [];
// Nodes holding pooled state (a layer's per-call workspaces), per scope: a
// graph that is never walked by backward() still gives its state back.
const scopeNodes: Node[][] = [];

// Holds the byte offset only: a tensor that reaches the finalizer was never
// disposed (dispose unregisters it), so its block is still its own. workerd
// has no FinalizationRegistry: there, results outside `tidy` live until
// disposed, and a recorded layer call's state goes back to its pool only
// through backward() or a tidy scope.
const finalizer =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<number>((ptr) => rt().allocator.free(ptr))
    : { register(): void {}, unregister(): void {} };
const nodeFinalizer = typeof FinalizationRegistry === "function" ? new FinalizationRegistry<Node>((node) => node.release()) : { register(): void {} };

/**
 * @internal `node` (the `gradFn` of `out`) holds state to give back: it is
 * released when the current `tidy` scope ends unless a returned tensor's graph
 * still reads it, or, outside any scope, once `out` is unreachable.
 */
export function adoptNode(node: Node, out: Tensor): void {
  const top = scopeNodes[scopeNodes.length - 1];
  if (top !== undefined) top.push(node);
  else nodeFinalizer.register(out, node);
}

/** @internal Give a freshly made operation result (an owning tensor) to the current scope, or to the finalizer outside any. */
export function adopt(t: Tensor): Tensor {
  const top = scopes[scopes.length - 1];
  if (top !== undefined) top.add(t);
  else finalizer.register(t, t.ptr, t);
  return t;
}

/** @internal A tensor was disposed by hand: no scope or finalizer may free it again. */
export function forget(t: Tensor): void {
  for (let i = scopes.length - 1; i >= 0; i--) if (scopes[i].delete(t)) return;
  finalizer.unregister(t);
}

/** The tensors in `value` (a tensor, or an array or object of them, one level deep). */
function returned(value: unknown): Tensor[] {
  const isTensor = (v: unknown): v is Tensor => v instanceof Tensor;
  if (isTensor(value)) return [value];
  if (Array.isArray(value)) return value.filter(isTensor);
  if (typeof value === "object" && value !== null) return Object.values(value).filter(isTensor);
  return [];
}

/** Everything a kept tensor's graph still reads: its inputs, theirs, and so on. */
function reachable(roots: Tensor[]): Set<Tensor> {
  const seen = new Set<Tensor>();
  const stack = roots.slice();
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    if (t.base) stack.push(t.base);
    const fn = t.gradFn;
    if (fn !== null && !fn.isReleased) stack.push(...fn.inputs);
  }
  return seen;
}

/**
 * Run `fn` and free every tensor that operations made inside it, except what
 * it returns (a tensor, or an array or object of tensors) and what their
 * graph still needs for `backward()`; those move to the enclosing scope. As
 * tfjs's `tidy`: wrap each step of a hand-written training loop in it (`fit()`
 * already does), so memory stays flat however long the loop runs.
 *
 * Module outputs are not freed here: they belong to their module and are
 * reused by its next call, as everywhere in wasmtune.
 */
export function tidy<T>(fn: () => T): T {
  const mine = new Set<Tensor>();
  const nodes: Node[] = [];
  scopes.push(mine);
  scopeNodes.push(nodes);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    for (const n of nodes) n.release();
    for (const t of mine) t.dispose();
    throw e;
  } finally {
    scopes.pop();
    scopeNodes.pop();
  }
  const keep = reachable(returned(result));
  const parent = scopes[scopes.length - 1];
  if (nodes.length > 0) {
    const kept = new Map<Node, Tensor>();
    for (const t of keep) if (t.gradFn !== null) kept.set(t.gradFn, t);
    for (const n of nodes) {
      const out = kept.get(n);
      if (out === undefined) n.release();
      else adoptNode(n, out);
    }
  }
  for (const t of mine) {
    if (!keep.has(t)) t.dispose();
    else if (parent !== undefined) parent.add(t);
    else finalizer.register(t, t.ptr, t);
  }
  return result;
}

/** @internal A new owning tensor for an operation's result, given to the current scope. */
export function newResult(shape: readonly number[], dtype: DType = "float32"): Tensor {
  return adopt(Tensor.empty(shape, dtype));
}
