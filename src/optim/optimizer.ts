import type { Parameter } from "../nn/parameter.js";
import { Tensor } from "../tensor.js";
import { checkOptions } from "../options.js";

/**
 * A parameter group: its parameters plus its own copy of every option
 * (PyTorch's `param_groups[i]`). Options are camelCase (`lr`, `weightDecay`,
 * `betas`, `momentum`, …); schedulers and users may change them between
 * steps and the next `step()` reads the current values. Schedulers record
 * `initialLr` here the first time they attach.
 */
export interface ParamGroup {
  params: Parameter[];
  lr: number;
  initialLr?: number;
  [option: string]: unknown;
}

/**
 * What a constructor accepts: parameters, or groups with per-group overrides
 * of the optimizer's options `O`.
 */
export type ParamsInput<O extends object = Record<string, unknown>> = Parameter[] | Array<{ params: Parameter[] } & O>;

/**
 * Per-parameter optimizer state: counters (`step`) as numbers, buffers
 * (`expAvg`, `momentumBuffer`, …) as float32 tensors in WebAssembly memory.
 */
export type ParamState = Record<string, number | Tensor | undefined>;

/**
 * A plain-data snapshot of an optimizer, after PyTorch's `state_dict()`:
 * `state` maps a parameter's index (counting through the groups in order)
 * to copies of its state; `paramGroups` holds every group's options with
 * `params` replaced by those indices. To store it as JSON, turn the
 * `Float32Array`s into arrays (e.g. a replacer `v instanceof Float32Array ?
 * Array.from(v) : v`); `loadStateDict` accepts either.
 */
export interface OptimizerStateDict<Buffer extends ArrayLike<number> = Float32Array> {
  state: Record<string, Record<string, number | Buffer>>;
  paramGroups: Array<{ params: number[] } & Record<string, unknown>>;
}

/**
 * Base class of optimizers, after `torch.optim.Optimizer`. Subclasses
 * implement `step()` by calling one fused WebAssembly update kernel per
 * parameter, and keep their per-parameter state in WebAssembly memory.
 */
export abstract class Optimizer<S extends ParamState = ParamState> {
  readonly paramGroups: ParamGroup[];
  readonly defaults: Record<string, unknown>;
  /** Per-parameter state, created by `initState` at a parameter's first step (or in the constructor). */
  protected readonly state = new Map<Parameter, S>();
  private table?: Tensor;
  /** The option names a group may set: the defaults' (with `lr`) and `initialLr`, which schedulers record. */
  private readonly groupKeys: readonly string[];

  /**
   * @param defaults every option with its default; `undefined` for one
   *   without a default (SGD's `lr`), which each group must then set
   * @param options the caller's options; a key not in `defaults` is refused
   */
  protected constructor(params: ParamsInput<object>, defaults: Record<string, unknown>, options: object = {}) {
    const names = Object.keys(defaults);
    checkOptions(this.optionsName(), options, names);
    this.groupKeys = ["params", ...names, "initialLr"];
    this.defaults = definedEntries({ ...defaults, ...definedEntries(options as Record<string, unknown>) });
    this.validate(this.defaults);
    const list = params as Array<Parameter | ({ params: Parameter[] } & Record<string, unknown>)>;
    if (list.length === 0) throw new Error("optimizer got an empty parameter list");
    const grouped = list.every((p) => "params" in p && Array.isArray((p as { params: unknown }).params));
    const groups = grouped ? (list as Array<{ params: Parameter[] } & Record<string, unknown>>) : [{ params: list as Parameter[] }];
    this.paramGroups = [];
    for (const g of groups) this.addParamGroup(g);
  }

  /** Add a group; options it leaves out take the constructor's defaults. A key that is no option is refused. */
  addParamGroup(group: { params: Parameter[] } & Record<string, unknown>): void {
    checkOptions(`${this.optionsName()} parameter group`, group, this.groupKeys);
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    for (const p of group.params) {
      if (seen.has(p)) throw new Error("some parameters appear in more than one parameter group");
    }
    const merged = { ...this.defaults, ...definedEntries(group), params: group.params.slice() } as ParamGroup;
    if (merged.lr === undefined) throw new Error("parameter group didn't specify a value of required optimization parameter lr");
    this.validate(merged);
    this.paramGroups.push(merged);
  }

  /** Apply one update using the gradients currently in each parameter's `.grad`. */
  abstract step(): void;

  /** Zero the gradient of every parameter this optimizer updates. */
  zeroGrad(): void {
    for (const g of this.paramGroups) for (const p of g.params) p.zeroGrad();
  }

  /** Copies of the state (buffers as `Float32Array`) and of every group's options. */
  stateDict(): OptimizerStateDict {
    const index = new Map<Parameter, number>();
    const paramGroups = this.paramGroups.map((g) => {
      const params = g.params.map((p) => {
        index.set(p, index.size);
        return index.size - 1;
      });
      return { ...copyOptions(g), params };
    });
    const state: OptimizerStateDict["state"] = {};
    for (const [p, s] of this.state) {
      const entry: Record<string, number | Float32Array> = {};
      for (const [k, v] of Object.entries(s)) {
        if (v !== undefined) entry[k] = typeof v === "number" ? v : Float32Array.from(v.data);
      }
      state[index.get(p) as number] = entry;
    }
    return { state, paramGroups };
  }

  /**
   * Restore a `stateDict()` (this optimizer's or a JSON round trip of it) for
   * the same parameters in the same groups: state and group options are
   * replaced, as PyTorch does. Everything is checked first (group count and
   * sizes, every option, each state entry's keys and buffer lengths), so a
   * mismatched state dict throws and leaves the optimizer unchanged.
   */
  loadStateDict(sd: OptimizerStateDict<ArrayLike<number>>): void {
    const isObject = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);
    // The state may come from a file: check its outline before reading into it.
    if (!isObject(sd) || !isObject(sd.state) || !Array.isArray(sd.paramGroups) || !sd.paramGroups.every((g) => isObject(g) && Array.isArray(g.params))) {
      throw new Error("wasmtune: error loading optimizer state dict: expected { state: {...}, paramGroups: [{ params: [...], ... }, ...] }");
    }
    const saved = sd.paramGroups;
    if (saved.length !== this.paramGroups.length) {
      throw new Error("loaded state dict has a different number of parameter groups");
    }
    if (saved.some((g, i) => g.params.length !== this.paramGroups[i].params.length)) {
      throw new Error("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
    }
    const problems: string[] = [];
    const groups = saved.map((g, i) => ({ ...copyOptions(g), params: this.paramGroups[i].params }) as ParamGroup);
    groups.forEach((g, i) => {
      for (const k of Object.keys(this.defaults)) if (!(k in g)) problems.push(`parameter group ${i} has no option "${k}"`);
      try {
        this.validate(g);
      } catch (e) {
        problems.push((e as Error).message);
      }
    });
    const params = groups.flatMap((g) => g.params);
    const groupOf = groups.flatMap((g) => g.params.map(() => g));
    const fresh = new Map<number, S>();
    if (problems.length === 0) {
      for (const [key, entry] of Object.entries(sd.state)) {
        const i = Number(key);
        if (!Number.isInteger(i) || i < 0 || i >= params.length) {
          problems.push(`state for parameter ${key}, but there are ${params.length} parameters`);
          continue;
        }
        const s = this.initState(params[i], groupOf[i]);
        fresh.set(i, s);
        problems.push(...stateProblems(i, s, entry ?? {}, params[i].size));
      }
    }
    if (problems.length) {
      for (const s of fresh.values()) disposeState(s);
      throw new Error(`wasmtune: error loading optimizer state dict: ${problems.join("; ")}`);
    }
    for (const [i, s] of fresh) {
      const entry = sd.state[i];
      for (const k of Object.keys(s)) {
        const v = s[k];
        if (typeof v === "number") (s as ParamState)[k] = entry[k] as number;
        else if (v !== undefined) v.data.set(entry[k] as ArrayLike<number>);
      }
    }
    this.disposeState();
    for (const [i, s] of fresh) this.state.set(params[i], s);
    this.paramGroups.forEach((g, i) => {
      for (const k of Object.keys(g)) if (k !== "params" && !(k in groups[i])) delete g[k];
      Object.assign(g, groups[i]);
    });
  }

  /** Free the state buffers in WebAssembly memory (the optimizer starts afresh at its next step). */
  dispose(): void {
    this.disposeState();
    this.table?.dispose();
    this.table = undefined;
  }

  /**
   * Byte offset of a scratch table of `count` rows of `slots` 32-bit values,
   * which a step fills with each parameter's pointers and scalars so that one
   * kernel call updates the whole group. Reused across steps and groups; it
   * only grows.
   */
  protected paramTable(count: number, slots: number): number {
    if (this.table === undefined || this.table.size < count * slots) {
      this.table?.dispose();
      this.table = Tensor.empty([count * slots], "int32");
    }
    return this.table.ptr;
  }

  /** The state of `p`, created at its first use. */
  protected stateOf(p: Parameter, group: ParamGroup): S {
    let s = this.state.get(p);
    if (s === undefined) {
      s = this.initState(p, group);
      this.state.set(p, s);
    }
    return s;
  }

  /** Fresh state for `p` under `group`'s options (zeroed buffers, step 0). Stateless optimizers keep the default: none. */
  protected initState(_p: Parameter, _group: ParamGroup): S {
    return {} as S;
  }

  /**
   * The class name that option errors start with (`Adam: unknown option …`).
   * The built-in optimizers spell theirs out, as bundlers may rename classes.
   */
  protected optionsName(): string {
    return this.constructor.name;
  }

  /** Refuse invalid options (the constructor's defaults and every group) with PyTorch's message. The default accepts anything. */
  protected validate(_options: Record<string, unknown>): void {}

  private disposeState(): void {
    for (const s of this.state.values()) disposeState(s);
    this.state.clear();
  }
}

/** `o` without its undefined entries, so an option given as undefined takes its default. */
function definedEntries(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function copyOptions(g: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(g)) if (k !== "params") out[k] = Array.isArray(v) ? v.slice() : v;
  return out;
}

function disposeState(s: ParamState): void {
  for (const v of Object.values(s)) if (typeof v === "object") v.dispose();
}

function stateProblems(i: number, expected: ParamState, entry: Record<string, unknown>, size: number): string[] {
  const want = Object.keys(expected).filter((k) => expected[k] !== undefined).sort();
  const have = Object.keys(entry).sort();
  if (want.join() !== have.join()) return [`state of parameter ${i} has keys [${have.join(", ")}], expected [${want.join(", ")}]`];
  const out: string[] = [];
  for (const k of want) {
    const v = entry[k];
    if (typeof expected[k] === "number") {
      if (typeof v !== "number") out.push(`state "${k}" of parameter ${i} must be a number`);
    } else if ((v as ArrayLike<number> | null)?.length !== size) {
      out.push(`state "${k}" of parameter ${i} has ${(v as ArrayLike<number> | null)?.length} values, the parameter has ${size}`);
    }
  }
  return out;
}
