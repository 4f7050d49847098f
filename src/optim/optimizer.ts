import type { Parameter } from "../nn/parameter.js";

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

/** What a constructor accepts: parameters, or groups with per-group option overrides. */
export type ParamsInput = Parameter[] | Array<{ params: Parameter[] } & Record<string, unknown>>;

/**
 * Base class of optimizers, after `torch.optim.Optimizer`. Subclasses
 * implement `step()` by calling one fused WebAssembly update kernel per
 * parameter, and keep their per-parameter state in WebAssembly memory.
 */
export abstract class Optimizer {
  readonly paramGroups: ParamGroup[];
  readonly defaults: Record<string, unknown>;

  protected constructor(params: ParamsInput, defaults: Record<string, unknown> & { lr: number }) {
    this.defaults = defaults;
    const list = params as Array<Parameter | ({ params: Parameter[] } & Record<string, unknown>)>;
    if (list.length === 0) throw new Error("optimizer got an empty parameter list");
    const grouped = list.every((p) => "params" in p && Array.isArray((p as { params: unknown }).params));
    const groups = grouped ? (list as Array<{ params: Parameter[] } & Record<string, unknown>>) : [{ params: list as Parameter[] }];
    this.paramGroups = [];
    for (const g of groups) this.addParamGroup(g);
  }

  /** Add a group; options it leaves out take the constructor's defaults. */
  addParamGroup(group: { params: Parameter[] } & Record<string, unknown>): void {
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    for (const p of group.params) {
      if (seen.has(p)) throw new Error("some parameters appear in more than one parameter group");
    }
    this.paramGroups.push({ ...this.defaults, ...group, params: group.params.slice() } as ParamGroup);
  }

  /** Apply one update using the gradients currently in each parameter's `.grad`. */
  abstract step(): void;

  /** Zero the gradient of every parameter this optimizer updates. */
  zeroGrad(): void {
    for (const g of this.paramGroups) for (const p of g.params) p.zeroGrad();
  }
}
