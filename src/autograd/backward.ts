import { Tensor, shapeStr } from "../tensor.js";
import { vecAdd } from "../kernels/elementwise.js";
import { rt } from "../runtime/wasm.js";
import type { Node } from "./node.js";

/** A gradient waiting for its node: owned ones may be added into and are freed after use. */
interface Pending {
  grad: Tensor;
  owned: boolean;
}

/** Options of `Tensor.backward`. */
export interface BackwardOptions {
  /** Keep what the graph saved, so `backward()` may run through it again (PyTorch's `retain_graph`). Default false. */
  retainGraph?: boolean;
}

const SECOND_BACKWARD =
  "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). " +
  "Saved intermediate values of the graph are freed when you call .backward(). Specify retainGraph: true if you need to backward through the graph a second time.";

/**
 * Nodes reachable from `root`, each after every node that feeds it a
 * gradient (reverse post-order of a depth-first walk; iterative, so deep
 * graphs do not overflow the stack, and deterministic: inputs in order).
 */
function order(root: Node): Node[] {
  const post: Node[] = [];
  const state = new Map<Node, number>();
  const stack: [Node, number][] = [[root, 0]];
  state.set(root, 0);
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [node, i] = top;
    if (i < node.inputs.length) {
      top[1]++;
      const next = node.inputs[i].gradFn;
      if (next !== null && !state.has(next)) {
        state.set(next, 0);
        stack.push([next, 0]);
      }
    } else {
      stack.pop();
      post.push(node);
    }
  }
  return post.reverse();
}

/** `a + b` into a new tensor (the engine's, freed after use). */
function sum(a: Tensor, b: Tensor): Tensor {
  const out = Tensor.empty(a.shape);
  vecAdd(rt().k, { a: a.ptr, b: b.ptr, out: out.ptr, n: a.size });
  return out;
}

/** Add `g` into the pending gradient of `node`, taking `g` over when it is the first. */
function accumulate(pending: Map<Node, Pending>, node: Node, g: Tensor, owned: boolean): void {
  const prev = pending.get(node);
  if (prev === undefined) {
    pending.set(node, { grad: g, owned });
    return;
  }
  if (prev.owned) {
    vecAdd(rt().k, { a: prev.grad.ptr, b: g.ptr, out: prev.grad.ptr, n: g.size });
  } else {
    pending.set(node, { grad: sum(prev.grad, g), owned: true });
  }
  if (owned) g.dispose();
}

/**
 * Reverse-mode pass from `root`: every leaf that requires grad reachable from
 * it gets `d root / d leaf` (weighted by `gradient`) added into its `.grad`.
 * Gradients reaching a tensor by several paths are summed, so a tensor used
 * twice just works.
 */
export function runBackward(root: Tensor, gradient: Tensor | undefined, options: BackwardOptions = {}): void {
  if (!root.requiresGrad) throw new Error("element 0 of tensors does not require grad and does not have a grad_fn");
  let seed: Tensor;
  let ownedSeed = false;
  if (gradient === undefined) {
    if (root.size !== 1) throw new Error("grad can be implicitly created only for scalar outputs");
    seed = Tensor.full(root.shape, 1);
    ownedSeed = true;
  } else {
    if (gradient.size !== root.size || gradient.shape.length !== root.shape.length || gradient.shape.some((d, i) => d !== root.shape[i])) {
      throw new Error(`Mismatch in shape: grad_output[0] has a shape of ${shapeStr(gradient.shape)} and output[0] has a shape of ${shapeStr(root.shape)}.`);
    }
    seed = gradient;
  }
  const fn = root.gradFn;
  if (fn === null) {
    // A leaf: its gradient is the seed itself.
    root.accumulateGrad(seed);
    if (ownedSeed) seed.dispose();
    return;
  }
  const nodes = order(fn);
  for (const n of nodes) if (n.isReleased) throw new Error(SECOND_BACKWARD);
  const pending = new Map<Node, Pending>([[fn, { grad: seed, owned: ownedSeed }]]);
  try {
    for (const node of nodes) {
      const p = pending.get(node);
      if (p === undefined) continue;
      pending.delete(node);
      const inputs = node.inputs;
      const needs = inputs.map((t) => t.requiresGrad);
      const grads = node.backward(p.grad, needs);
      if (p.owned) p.grad.dispose();
      const owned = !node.borrows;
      for (let i = 0; i < inputs.length; i++) {
        const g = grads[i];
        if (g === undefined) continue;
        if (!needs[i]) {
          if (owned) g.dispose();
          continue;
        }
        const x = inputs[i];
        if (g.size !== x.size || g.shape.length !== x.shape.length || g.shape.some((d, j) => d !== x.shape[j])) {
          throw new Error(`Function ${node.name} returned an invalid gradient at index ${i} - got ${shapeStr(g.shape)} but expected shape compatible with ${shapeStr(x.shape)}`);
        }
        if (x.gradFn !== null) accumulate(pending, x.gradFn, g, owned);
        else {
          x.accumulateGrad(g);
          if (owned) g.dispose();
        }
      }
    }
  } finally {
    for (const p of pending.values()) if (p.owned) p.grad.dispose();
    if (!options.retainGraph) for (const n of nodes) n.release();
  }
}
