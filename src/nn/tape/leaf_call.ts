// Built-in layers on the tape: a layer call inside a user module's forward
// (or on an input that requires grad) runs the layer's own forward kernels on
// a per-call instance and records one node whose backward runs the layer's
// own backward. Instances are pooled per layer and given back when their
// graph is released, so steady-state steps allocate no new memory.
import { Tensor } from "../../tensor.js";
import { vecCopy } from "../../kernels/elementwise.js";
import { rt } from "../../runtime/wasm.js";
import { Node } from "../../autograd/node.js";
import { isGradEnabled } from "../../autograd/grad_mode.js";
import { adoptNode, newResult } from "../../autograd/scope.js";
import type { Module } from "../module.js";
import { inUserForward } from "./user_forward.js";

type Forward = (x: Tensor) => Tensor;

/** A pooled call instance and the input shape it last ran on (its workspaces fit that shape). */
interface Slot {
  inst: Module;
  shape: number[];
}

/** The call instances of one layer. */
interface Pool {
  free: Slot[];
  all: Slot[];
  hasParams: boolean;
  /** The instance of the layer's latest tape call (for probes reading the last output). */
  latest: Module | undefined;
}

const pools = new WeakMap<Module, Pool>();

function poolOf(m: Module): Pool {
  let p = pools.get(m);
  if (p === undefined) pools.set(m, (p = { free: [], all: [], hasParams: m.parameters().length > 0, latest: undefined }));
  return p;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A free instance, preferably one that last ran on this input shape (its workspaces are reused as they are). */
function take(pool: Pool, m: Module, shape: readonly number[]): Slot {
  const free = pool.free;
  for (let i = free.length - 1; i >= 0; i--) {
    if (sameShape(free[i].shape, shape)) return free.splice(i, 1)[0];
  }
  const slot = free.pop() ?? { inst: m.callInstance(), shape: [] };
  if (!pool.all.includes(slot)) pool.all.push(slot);
  slot.shape = shape.slice();
  return slot;
}

/** The memory `t` reads from: its owner for a view. */
function root(t: Tensor): Tensor {
  return t.base ?? t;
}

/**
 * One layer call on the tape, named as PyTorch names the node of the layer's
 * forward (`AddmmBackward0` for a Linear on `[N, F]`). Its backward runs the
 * instance's `backward` (or `backwardParams` when the input needs no
 * gradient), which adds the parameter gradients into their `.grad`.
 */
class LayerBackward extends Node {
  private lent = true;

  constructor(
    private readonly pool: Pool,
    private readonly slot: Slot,
    x: Tensor,
  ) {
    super(slot.inst.gradFnName(x), [x]);
  }

  backward(gradOut: Tensor, needs: readonly boolean[]): (Tensor | undefined)[] {
    const inst = this.slot.inst;
    const x = this.inputs[0];
    if (x.isDisposed) throw new Error(`wasmtune: the input of ${this.name} was disposed before backward()`);
    if (!needs[0]) {
      if (this.pool.hasParams) inst.backwardParams(gradOut);
      return [undefined];
    }
    let g = inst.backward(gradOut);
    // A view of the upstream gradient (Flatten's) must outlive it: copy it.
    this.lent = root(g) !== root(gradOut);
    if (!this.lent) {
      const copy = Tensor.empty(x.shape);
      vecCopy(rt().k, { src: g.ptr, dst: copy.ptr, n: g.size });
      g = copy;
    }
    return [g];
  }

  override get borrows(): boolean {
    return this.lent;
  }

  protected override releaseSaved(): void {
    this.pool.free.push(this.slot);
  }
}

/**
 * The `forward` installed on every built-in layer: the explicit pass as
 * before unless grad mode is on and the input requires grad, or a user
 * module's forward is running. Then the call goes on the tape; in a user
 * forward without grad mode its result is copied out of the layer's
 * workspace (the layer may run again before the result is read).
 */
export function leafForward(m: Module, forward: Forward): Forward {
  return (x: Tensor): Tensor => {
    if (!inUserForward() && !(x.requiresGrad && isGradEnabled())) return forward.call(m, x);
    return isGradEnabled() ? tapeCall(m, forward, x) : detachedCall(m, forward, x);
  };
}

function detachedCall(m: Module, forward: Forward, x: Tensor): Tensor {
  const y = forward.call(m, x);
  const pool = pools.get(m);
  if (pool !== undefined) pool.latest = undefined;
  // The input itself or a view of it (Dropout in eval, Flatten) is the caller's memory.
  if (root(y) === root(x)) return y;
  const out = newResult(y.shape, y.dtype);
  vecCopy(rt().k, { src: y.ptr, dst: out.ptr, n: y.size });
  return out;
}

function tapeCall(m: Module, forward: Forward, x: Tensor): Tensor {
  const pool = poolOf(m);
  const slot = take(pool, m, x.shape);
  let y: Tensor;
  try {
    y = forward.call(slot.inst, x);
  } catch (e) {
    pool.free.push(slot);
    throw e;
  }
  // The identity (Dropout in eval or with p = 0) records nothing, as in PyTorch.
  if (y === x) {
    pool.free.push(slot);
    return x;
  }
  pool.latest = slot.inst;
  // A view of the instance's output: a fresh tensor per call, with its own grad_fn.
  const out = y.detach();
  const node = new LayerBackward(pool, slot, x);
  out.gradFn = node;
  adoptNode(node, out);
  return out;
}

/** @internal The instance a layer's latest tape call ran on (undefined after an explicit call or none). */
export function latestCall(m: Module): Module | undefined {
  return pools.get(m)?.latest;
}

/** @internal Free the pooled call instances of a layer being disposed. */
export function releaseCalls(m: Module): void {
  const pool = pools.get(m);
  if (pool === undefined) return;
  for (const s of pool.all) s.inst.disposeCallInstance();
  pools.delete(m);
}
