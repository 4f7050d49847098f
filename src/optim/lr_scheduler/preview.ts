import { Optimizer } from "../optimizer.js";
import { createScheduler, type SchedulerConfig } from "./config.js";
import { ReduceLROnPlateau } from "./reduce_lr_on_plateau.js";
import type { Scheduler } from "./scheduler.js";
import { groupMomentum } from "./util.js";
import { checkOptions, optionNames } from "../../options.js";

/** The optimizer a preview runs against. */
export interface PreviewOptions {
  /** Initial lr, one per parameter group or one for a single group. Default 1 (so the curve shows the factor). */
  lr?: number | readonly number[];
  /** Starting momentum (SGD-style groups). Default 0. */
  momentum?: number;
  /** Adam-style betas; when given, cycling schedulers drive `betas[0]`. */
  betas?: readonly [number, number];
  /** `ReduceLROnPlateau` only: the metric reported at each step. */
  metrics?: readonly number[];
}

const PREVIEW_OPTIONS = optionNames<PreviewOptions>({ lr: true, momentum: true, betas: true, metrics: true });

/** Builds a scheduler on the preview optimizer. */
export type SchedulerFactory = (optimizer: Optimizer) => Scheduler | ReduceLROnPlateau;

/** What a preview runs: a config (which may carry the preview options inline) or a factory. */
export type PreviewSpec = (SchedulerConfig & PreviewOptions) | SchedulerFactory;

/** A previewed curve: `lr[group][t]` and the momentum (or beta1) `momentum[group][t]`. */
export interface Schedule {
  lr: number[][];
  momentum: number[][];
}

/** Parameter groups without parameters: enough to drive a scheduler. */
class PreviewOptimizer extends Optimizer {
  constructor(options: PreviewOptions) {
    const lrs = typeof options.lr === "number" || options.lr === undefined ? [options.lr ?? 1] : options.lr;
    const momentum = options.betas ? { betas: options.betas.slice() } : { momentum: options.momentum ?? 0 };
    super(lrs.map((lr) => ({ params: [], lr })), { lr: lrs[0], ...momentum });
  }

  protected override optionsName(): string {
    return "previewSchedule";
  }

  step(): void {}
}

/**
 * The lr (and momentum) each parameter group would have at steps
 * 0 … steps − 1, i.e. before the first `step()` and after each of the next
 * `steps − 1`, without training anything.
 *
 * ```ts
 * previewSchedule({ type: "oneCycle", maxLr: 0.1, totalSteps: 100 }, 100).momentum[0];
 * ```
 */
export function previewSchedule(spec: PreviewSpec, steps: number, options: PreviewOptions = {}): Schedule {
  if (!(steps >= 0) || !Number.isInteger(steps)) throw new RangeError(`Expected non-negative integer steps, but got ${steps}`);
  checkOptions("previewSchedule", options, PREVIEW_OPTIONS);
  // A config may carry the preview options inline; the scheduler gets the rest.
  const inline: Record<string, unknown> = {};
  const config: Record<string, unknown> = {};
  if (typeof spec !== "function") {
    for (const [k, v] of Object.entries(spec)) (PREVIEW_OPTIONS.includes(k) ? inline : config)[k] = v;
  }
  const opts = { ...inline, ...options };
  const optimizer = new PreviewOptimizer(opts);
  const scheduler = typeof spec === "function" ? spec(optimizer) : createScheduler(optimizer, config as SchedulerConfig);
  const metrics = opts.metrics;
  if (scheduler instanceof ReduceLROnPlateau && (metrics === undefined || metrics.length < steps - 1)) {
    throw new RangeError(`previewing ReduceLROnPlateau needs metrics for ${steps - 1} steps`);
  }
  const groups = optimizer.paramGroups;
  const useBeta1 = opts.betas !== undefined;
  const out: Schedule = { lr: groups.map(() => []), momentum: groups.map(() => []) };
  for (let t = 0; t < steps; t++) {
    if (t > 0) {
      if (scheduler instanceof ReduceLROnPlateau) scheduler.step((metrics as readonly number[])[t - 1]);
      else scheduler.step();
    }
    groups.forEach((g, i) => {
      out.lr[i].push(g.lr);
      out.momentum[i].push(groupMomentum(g, useBeta1));
    });
  }
  return out;
}

/**
 * The lr of the first parameter group at steps 0 … steps − 1, for plotting a
 * schedule before training:
 *
 * ```ts
 * previewLr({ type: "cosine", lr: 0.1, tMax: 50 }, 100);
 * previewLr((opt) => new StepLR(opt, { stepSize: 30 }), 100, { lr: 0.1 });
 * ```
 */
export function previewLr(spec: PreviewSpec, steps: number, options?: PreviewOptions): number[] {
  return previewSchedule(spec, steps, options).lr[0];
}
