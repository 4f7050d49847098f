import { Tensor, shapeStr } from "../tensor.js";
import type { DType } from "../tensor.js";
import { Parameter } from "./parameter.js";
import { checkOptions } from "../options.js";

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
 * Base class of layers, in the spirit of `torch.nn.Module` but with explicit
 * passes instead of autograd: `forward(x)` caches what `backward` needs, and
 * `backward(gradOut)` adds parameter gradients into `.grad` and returns the
 * gradient with respect to `x`.
 *
 * The tensors returned by `forward` and `backward` belong to the module and
 * are overwritten by its next call (this is what lets a training step run
 * without allocating).
 */
export abstract class Module {
  /** Train mode (dropout active, batch statistics) vs eval mode. */
  training = true;
  private readonly params = new Map<string, Parameter>();
  private readonly buffers = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();

  abstract forward(x: Tensor): Tensor;
  abstract backward(gradOut: Tensor): Tensor;

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

  /** Direct sub-modules, in registration order. */
  namedChildren(): [string, Module][] {
    return [...this.children];
  }

  /** All parameters with their dotted names, depth first, as PyTorch orders them. */
  namedParameters(prefix = ""): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    for (const [n, p] of this.params) out.push([prefix + n, p]);
    for (const [n, m] of this.children) out.push(...m.namedParameters(`${prefix}${n}.`));
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
    for (const [n, m] of this.children) out.push(...m.namedBuffers(`${prefix}${n}.`));
    return out;
  }

  /** Switch this module and all sub-modules to train (`true`) or eval mode. */
  train(mode = true): this {
    this.training = mode;
    for (const m of this.children.values()) m.train(mode);
    return this;
  }

  /** Switch to eval mode (`train(false)`). */
  eval(): this {
    return this.train(false);
  }

  /** Zero every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.params.values()) p.zeroGrad();
    for (const m of this.children.values()) m.zeroGrad();
  }

  /** Copies of every parameter and buffer, keyed as PyTorch's `state_dict()` keys them. */
  stateDict(): StateDict {
    const sd: StateDict = {};
    const add = (name: string, t: Tensor): void => {
      sd[name] = { shape: t.shape.slice(), dtype: t.dtype, data: t.dtype === "int32" ? Int32Array.from(t.data) : Float32Array.from(t.data) };
    };
    // PyTorch lists a module's own parameters, then its buffers, then its children's.
    const walk = (m: Module, prefix: string): void => {
      for (const [n, p] of m.params) add(prefix + n, p.data);
      for (const [n, b] of m.buffers) add(prefix + n, b);
      for (const [n, c] of m.children) walk(c, `${prefix}${n}.`);
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
    for (const p of this.params.values()) p.dispose();
    for (const b of this.buffers.values()) b.dispose();
    for (const m of this.children.values()) m.dispose();
    this.disposeWorkspaces();
  }

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
