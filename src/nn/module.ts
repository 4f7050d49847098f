import { Tensor, shapeStr } from "../tensor.js";
import type { DType } from "../tensor.js";
import { Parameter } from "./parameter.js";
import { checkOptions } from "../options.js";
import { leafForward, releaseCalls } from "./tape/leaf_call.js";
import { userForward } from "./tape/user_forward.js";

/** One entry of a state dict: a plain copy of a tensor's shape and elements. */
export interface TensorData {
  shape: number[];
  dtype: DType;
  data: Float32Array | Int32Array;
}

/** Options of `Module.loadStateDict`. */
export interface LoadStateDictOptions {
  /** Require the state dict's keys to match the module's exactly. Default true. */
  strict?: boolean;
}

/**
 * What `loadStateDict` skipped, as PyTorch's `_IncompatibleKeys`: the
 * module's entries the state dict lacks, and the state dict's entries the
 * module does not have. Both are empty after a strict load.
 */
export interface IncompatibleKeys {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** Parameters and buffers by PyTorch name (`"0.weight"`, `"1.running_mean"`), in registration order. */
export type StateDict = Record<string, TensorData>;

/**
 * Base class of layers and models, as `torch.nn.Module`.
 *
 * Two kinds of modules share it. The built-in layers (and any subclass that
 * defines `backward`) have explicit passes: `forward(x)` caches what
 * `backward` needs, and `backward(gradOut)` adds parameter gradients into
 * `.grad` and returns the gradient with respect to `x`. The tensors they
 * return belong to the module and are overwritten by its next call (this is
 * what lets a training step run without allocating).
 *
 * A user module defines only `forward`, written with tensor operations and
 * calls of other modules; autograd computes its gradients (`loss.backward()`).
 * Parameters and sub-modules are registered by assignment, as PyTorch's
 * `__setattr__` does (`this.conv1 = new nn.Conv2d(...)`), in assignment order,
 * and named as PyTorch names them (`layer1.0.conv1.weight`). Inside a user
 * module's forward, or when the input requires grad, each built-in layer call
 * is recorded as one node of the graph (see `docs/nn.md`).
 */
export abstract class Module {
  /** Train mode (dropout active, batch statistics) vs eval mode. */
  training = true;
  private readonly params = new Map<string, Parameter>();
  private readonly buffers = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();

  constructor() {
    // The subclass's methods are already on the prototype chain: a module
    // with its own backward is a layer whose calls the tape records as one
    // node; one without is a user module whose forward calls are tracked.
    const forward = this.forward;
    let call: ((...inputs: Tensor[]) => Tensor) | undefined;
    if (this.backward === Module.prototype.backward) call = (...inputs: Tensor[]): Tensor => userForward(this, forward, inputs);
    else if (!this.isContainer) call = leafForward(this, forward);
    // Not enumerable: registration by assignment lists fields, and this is none.
    if (call !== undefined) Object.defineProperty(this, "forward", { value: call, writable: true, configurable: true, enumerable: false });
  }

  /** The module's computation; a user module may take several inputs. */
  abstract forward(...inputs: Tensor[]): Tensor;

  /**
   * The explicit backward pass of a built-in layer. A user module has none:
   * its gradients come from `loss.backward()` on a loss computed from its
   * output, so calling this is an error.
   */
  backward(gradOut: Tensor): Tensor {
    void gradOut;
    throw new Error(
      `wasmtune: ${this.constructor.name} is a user module (it defines forward only): it has no explicit backward(). ` +
        "Compute the loss with lossFn.call(output, target) and call loss.backward(); autograd computes every gradient.",
    );
  }

  /**
   * `backward` without the gradient with respect to the input: only the
   * parameters' gradients are accumulated, as PyTorch does when the input
   * does not require grad (the first layer of a model fed with data). Use it
   * for the model's outermost call; it saves the input-gradient product of
   * the first layer. Layers where that costs work of its own (`Linear`,
   * `Sequential`) override it; the default runs `backward`.
   */
  backwardParams(gradOut: Tensor): void {
    this.backward(gradOut);
  }

  /** @internal Whether this is a user module or holds one: such a model trains through the tape. */
  get usesTape(): boolean {
    return this.backward === Module.prototype.backward || this.ownChildren().some(([, c]) => c.usesTape);
  }

  /** True for modules that only run other modules (`Sequential`): their children record their own calls. */
  protected get isContainer(): boolean {
    return false;
  }

  /** Register a parameter under a PyTorch-compatible name. */
  protected registerParameter(name: string, p: Parameter): Parameter {
    this.params.set(name, p);
    return p;
  }

  /** Register a non-trainable tensor saved in the state dict (e.g. `running_mean`). */
  protected registerBuffer(name: string, t: Tensor): Tensor {
    this.buffers.set(name, t);
    return t;
  }

  /** Register a sub-module; its entries are prefixed with `name.`. */
  protected registerModule(name: string, m: Module): Module {
    this.children.set(name, m);
    return m;
  }

  /**
   * This module's own entries of one kind: those registered explicitly, then
   * fields holding one (registration by assignment), in assignment order; a
   * field set to something else (`null`) drops its entry, as in PyTorch.
   */
  private own<T>(registered: Map<string, T>, is: (v: unknown) => v is T): [string, T][] {
    const out: [string, T][] = [];
    for (const [n, v] of registered) out.push([n, v]);
    for (const key of Object.keys(this)) {
      const v = (this as Record<string, unknown>)[key];
      if (is(v) && !registered.has(key)) out.push([key, v]);
    }
    return out;
  }

  private ownParams(): [string, Parameter][] {
    return this.own(this.params, (v): v is Parameter => v instanceof Parameter);
  }

  private ownChildren(): [string, Module][] {
    return this.own(this.children, (v): v is Module => v instanceof Module);
  }

  /** Direct sub-modules, in registration order. */
  namedChildren(): [string, Module][] {
    return this.ownChildren();
  }

  /** All parameters with their dotted names, depth first, as PyTorch orders them (a parameter reached twice is listed once). */
  namedParameters(prefix = ""): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    const walk = (m: Module, pre: string): void => {
      for (const [n, p] of m.ownParams()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([pre + n, p]);
      }
      for (const [n, c] of m.ownChildren()) walk(c, `${pre}${n}.`);
    };
    walk(this, prefix);
    return out;
  }

  /** All parameters, in `namedParameters()` order. */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** All buffers with their dotted names. */
  namedBuffers(prefix = ""): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [n, b] of this.buffers) out.push([prefix + n, b]);
    for (const [n, m] of this.ownChildren()) out.push(...m.namedBuffers(`${prefix}${n}.`));
    return out;
  }

  /** Switch this module and all sub-modules to train (`true`) or eval mode. */
  train(mode = true): this {
    this.training = mode;
    for (const [, m] of this.ownChildren()) m.train(mode);
    return this;
  }

  /** Switch to eval mode (`train(false)`). */
  eval(): this {
    return this.train(false);
  }

  /** Zero every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /** Copies of every parameter and buffer, keyed as PyTorch's `state_dict()` keys them. */
  stateDict(): StateDict {
    const sd: StateDict = {};
    const add = (name: string, t: Tensor): void => {
      sd[name] = { shape: t.shape.slice(), dtype: t.dtype, data: t.dtype === "int32" ? Int32Array.from(t.data) : Float32Array.from(t.data) };
    };
    // PyTorch lists a module's own parameters, then its buffers, then its children's.
    const walk = (m: Module, prefix: string): void => {
      for (const [n, p] of m.ownParams()) add(prefix + n, p.data);
      for (const [n, b] of m.buffers) add(prefix + n, b);
      for (const [n, c] of m.ownChildren()) walk(c, `${prefix}${n}.`);
    };
    walk(this, "");
    return sd;
  }

  /**
   * Load parameters and buffers, as PyTorch's `load_state_dict`. With
   * `strict` (the default) the keys must match the module's exactly; without
   * it, keys the module lacks and entries the state dict lacks are skipped and
   * reported. Shapes must match either way. Everything is checked before
   * anything is written, so a refused state dict leaves the module untouched;
   * the error lists every problem in PyTorch's words.
   *
   * `strict` may also be passed bare (`loadStateDict(sd, false)`), as
   * PyTorch's positional argument.
   */
  loadStateDict(sd: Record<string, { shape: readonly number[]; data: ArrayLike<number> }>, options: LoadStateDictOptions | boolean = {}): IncompatibleKeys {
    const strict = strictness(options);
    if (typeof sd !== "object" || sd === null || Array.isArray(sd)) throw new TypeError(`loadStateDict: expected a state dict object, got ${describe(sd)}`);
    const targets = new Map<string, Tensor>();
    for (const [n, p] of this.namedParameters()) targets.set(n, p.data);
    for (const [n, b] of this.namedBuffers()) targets.set(n, b);
    const missingKeys = [...targets.keys()].filter((k) => !Object.hasOwn(sd, k));
    const unexpectedKeys = Object.keys(sd).filter((k) => !targets.has(k));
    const problems: string[] = [];
    if (strict && missingKeys.length) problems.push(`Missing key(s) in state_dict: ${quoted(missingKeys)}. `);
    if (strict && unexpectedKeys.length) problems.push(`Unexpected key(s) in state_dict: ${quoted(unexpectedKeys)}. `);
    for (const [k, t] of targets) {
      if (!Object.hasOwn(sd, k)) continue;
      const why = entryProblem(k, sd[k], t);
      if (why !== undefined) problems.push(why);
    }
    if (problems.length) throw new Error(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${problems.join("\n\t")}`);
    for (const [k, t] of targets) if (Object.hasOwn(sd, k)) t.data.set(sd[k].data);
    return { missingKeys, unexpectedKeys };
  }

  /** Free every parameter, buffer and workspace of this module tree. */
  dispose(): void {
    for (const [, p] of this.ownParams()) p.dispose();
    for (const b of this.buffers.values()) b.dispose();
    for (const [, m] of this.ownChildren()) m.dispose();
    this.disposeWorkspaces();
    releaseCalls(this);
  }

  /**
   * @internal A per-call copy of this layer for the tape: it shares the
   * parameters, buffers, options and generator (through its prototype) but
   * has its own workspaces, so that a layer called twice in one graph keeps
   * what each call's backward needs.
   */
  callInstance(): this {
    const inst = Object.create(this) as this;
    const shared = new Set<Tensor>(this.buffers.values());
    for (const key of Object.keys(this)) {
      const v = (this as Record<string, unknown>)[key];
      if (v instanceof Tensor && !shared.has(v)) (inst as Record<string, unknown>)[key] = undefined;
    }
    inst.freshCallState();
    return inst;
  }

  /**
   * @internal PyTorch 1.13's name for the node a recorded call of this layer
   * on `x` makes (its `gradFn.name`): where PyTorch's forward is several
   * operations, the name of the last one (`AddmmBackward0` for a `Linear` on
   * `[N, F]`). Built-in layers override it; a layer of your own with explicit
   * passes is `${ClassName}Backward`.
   */
  gradFnName(x: Tensor): string {
    void x;
    return `${this.constructor.name}Backward`;
  }

  /** @internal Free a call instance's workspaces (the tape's pool calls it when the layer is disposed). */
  disposeCallInstance(): void {
    this.disposeWorkspaces();
  }

  /** Give a new call instance the per-call state its fields cannot start without (allocated once per instance). */
  protected freshCallState(): void {}

  /** Free the module's own cached outputs; subclasses that keep workspaces override this. */
  protected disposeWorkspaces(): void {}
}

function strictness(options: LoadStateDictOptions | boolean): boolean {
  if (typeof options === "boolean") return options;
  checkOptions("loadStateDict", options, ["strict"]);
  const { strict = true } = options;
  if (typeof strict !== "boolean") throw new TypeError(`loadStateDict: strict must be true or false, got ${describe(strict)}`);
  return strict;
}

function describe(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "object" ? "an object" : typeof v === "string" ? JSON.stringify(v) : String(v);
}

function quoted(keys: string[]): string {
  return keys.map((k) => `"${k}"`).join(", ");
}

function isNumbers(data: unknown): data is ArrayLike<number> {
  if (data instanceof Float32Array || data instanceof Int32Array || data instanceof Float64Array) return true;
  return Array.isArray(data) && data.every((v) => typeof v === "number");
}

/** Why entry `k` of a state dict cannot be copied into `t`, in PyTorch's words where it has them. */
function entryProblem(k: string, e: unknown, t: Tensor): string | undefined {
  const { shape, data } = (typeof e === "object" && e !== null ? e : {}) as { shape?: unknown; data?: unknown };
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0) || !isNumbers(data)) {
    return `While copying the parameter named "${k}", expected a tensor ({ shape, data } with numeric data) but received ${describe(e)}.`;
  }
  const same = shape.length === t.shape.length && shape.every((d, i) => d === t.shape[i]);
  if (!same) return `size mismatch for ${k}: copying a param with shape ${shapeStr(shape)} from checkpoint, the shape in current model is ${shapeStr(t.shape)}.`;
  if (data.length !== t.size) return `"${k}" has ${data.length} values for shape ${shapeStr(shape)}.`;
  if (t.dtype === "int32") {
    // An integer buffer (num_batches_tracked) would silently wrap or truncate anything else.
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) return `"${k}" is an int32 buffer but the state dict holds ${v} at index ${i}.`;
    }
  }
  return undefined;
}
