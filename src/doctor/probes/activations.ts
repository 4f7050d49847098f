import { Elementwise, ReLU, Sigmoid, Tanh } from "../../nn/activation.js";
import type { Module } from "../../nn/module.js";
import type { ActivationRecord } from "../record.js";

// A sigmoid output within 0.01 of 0 or 1 has derivative y(1−y) < 0.0099, a
// 25th of its peak 0.25; a tanh output beyond ±0.99 has 1−y² < 0.02, a 50th
// of its peak 1. Units there pass almost no gradient back.
const NEAR = 0.01;

interface Watched {
  layer: string;
  kind: ActivationRecord["kind"];
  final: boolean;
  module: Elementwise;
  samples: number;
  saturated: number;
  /** ReLU: per output position, whether any sampled row was positive. */
  alive?: Uint8Array;
}

function kindOf(m: Module): ActivationRecord["kind"] | undefined {
  if (m instanceof ReLU) return "relu";
  if (m instanceof Sigmoid) return "sigmoid";
  if (m instanceof Tanh) return "tanh";
  return undefined;
}

/** The leaf modules of a model with their dotted paths, in forward order for Sequential models. */
function leaves(m: Module, prefix: string, out: Array<[string, Module]>): Array<[string, Module]> {
  const children = m.namedChildren();
  if (children.length === 0) out.push([prefix, m]);
  for (const [name, c] of children) leaves(c, prefix === "" ? name : `${prefix}.${name}`, out);
  return out;
}

/** The model's last leaf module (its output layer when it is a Sequential). */
export function lastLayer(model: Module): Module {
  const all = leaves(model, "", []);
  return all[all.length - 1][1];
}

/**
 * Reads the last outputs of a model's ReLU, Sigmoid and Tanh layers after a
 * sampled batch and accumulates, per epoch, the fraction of saturated (or
 * zero) outputs and which ReLU units ever fired.
 */
export class ActivationProbe {
  private readonly watched: Watched[];

  constructor(model: Module) {
    const all = leaves(model, "", []);
    this.watched = [];
    all.forEach(([layer, module], i) => {
      const kind = kindOf(module);
      if (kind && module instanceof Elementwise) this.watched.push({ layer, kind, final: i === all.length - 1, module, samples: 0, saturated: 0 });
    });
  }

  /** Start a new epoch's statistics. */
  reset(): void {
    for (const w of this.watched) {
      w.samples = 0;
      w.saturated = 0;
      w.alive = undefined;
    }
  }

  /** Look at each layer's latest output. */
  sample(): void {
    for (const w of this.watched) {
      const out = w.module.lastOutput();
      if (out === undefined || out.size === 0) continue;
      const y = out.data;
      const rows = out.shape[0] ?? 1;
      const width = out.size / rows;
      let hits = 0;
      if (w.kind === "relu") {
        const alive = (w.alive ??= new Uint8Array(width));
        for (let i = 0; i < y.length; i++) {
          if (y[i] > 0) alive[i % width] = 1;
          else hits++;
        }
      } else if (w.kind === "sigmoid") {
        for (let i = 0; i < y.length; i++) if (y[i] < NEAR || y[i] > 1 - NEAR) hits++;
      } else {
        for (let i = 0; i < y.length; i++) if (y[i] > 1 - NEAR || y[i] < NEAR - 1) hits++;
      }
      w.saturated += hits / y.length;
      w.samples++;
    }
  }

  /** The epoch's statistics of every layer that was sampled. */
  summary(): ActivationRecord[] {
    const out: ActivationRecord[] = [];
    for (const w of this.watched) {
      if (w.samples === 0) continue;
      const r: ActivationRecord = { layer: w.layer, kind: w.kind, final: w.final, saturated: w.saturated / w.samples };
      if (w.alive) r.dead = w.alive.reduce((n, a) => n + (a ? 0 : 1), 0) / w.alive.length;
      out.push(r);
    }
    return out;
  }
}
