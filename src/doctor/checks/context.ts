import { DataLoader } from "../../data/loader.js";
import { flat } from "../../data/host.js";
import type { Module } from "../../nn/module.js";
import type { Optimizer } from "../../optim/optimizer.js";
import { History } from "../../train/history.js";
import type { HistoryJSON } from "../../train/history.js";
import type { DataInput } from "../../train/data_input.js";
import type { LossFn } from "../../train/loss_fn.js";
import { clippingSetting } from "../../train/grad_clip.js";
import type { GradientClipping } from "../../train/grad_clip.js";
import type { ClippingRecord, DoctorRecord } from "../record.js";
import { clippingRecord } from "./clip_advice.js";

/** The data a run used, by split (any of them may be left out). */
export interface DiagnoseData {
  train?: DataInput;
  val?: DataInput;
  test?: DataInput;
}

/** What `diagnose` looks at; every part is optional and each check uses what it needs. */
export interface DiagnoseInput {
  /** `fit`'s history (or its `toJSON()`). */
  history?: History | HistoryJSON;
  /** A `DoctorCallback`'s `record`. */
  record?: DoctorRecord;
  data?: DiagnoseData;
  model?: Module;
  loss?: LossFn;
  optimizer?: Optimizer;
  /**
   * The run's clipping as given to `fit` (`{ clipGradNorm: 1 }`,
   * `{ clipGradValue: 0.5 }`), for a diagnosis without the record, which
   * already holds it.
   */
  clipping?: GradientClipping;
}

/** One split's features (rounded to float32, as training sees them) and targets, row-major. */
export interface Matrix {
  rows: number;
  cols: number;
  x: Float32Array;
  /** Targets flattened; one per row when `yCols` is 1. */
  y?: Float64Array;
  yCols: number;
}

export type Split = keyof DiagnoseData;

function toMatrix(data: DataInput): Matrix {
  const source = data instanceof DataLoader ? data.dataset : data;
  const [fx, fy] = "features" in source ? [flat(source.features, "features"), source.targets && flat(source.targets, "targets")] : [flat(source.x, "x"), flat(source.y, "y")];
  const rows = fx.shape[0] ?? 0;
  const cols = rows === 0 ? 0 : fx.data.length / rows;
  const y = fy ? Float64Array.from(fy.data) : undefined;
  return { rows, cols, x: Float32Array.from(fx.data), y, yCols: y && rows > 0 ? y.length / rows : 1 };
}

/** The normalised inputs of the checks, with the data converted once on first use. */
export class Context {
  readonly history?: History;
  readonly record?: DoctorRecord;
  readonly model?: Module;
  readonly loss?: LossFn;
  readonly optimizer?: Optimizer;
  /** The gradient clipping the run applied: as given to `diagnose`, else as recorded. */
  readonly clipping?: ClippingRecord;
  readonly data: DiagnoseData;
  private readonly matrices = new Map<Split, Matrix>();

  constructor(input: DiagnoseInput) {
    const h = input.history;
    this.history = h === undefined ? undefined : h instanceof History ? h : History.fromJSON(h);
    this.record = input.record;
    this.model = input.model;
    this.loss = input.loss;
    this.optimizer = input.optimizer;
    const given = input.clipping && clippingSetting(input.clipping);
    this.clipping = given ? clippingRecord(given) : input.record?.clipping;
    this.data = input.data ?? {};
  }

  /** Per-epoch values of a logged metric: from the history, else from the record's logs. */
  series(name: string): number[] | undefined {
    const col = this.history?.metrics[name];
    if (col !== undefined) return col;
    const epochs = this.record?.epochs ?? [];
    return epochs.length > 0 && epochs.every((e) => name in e.logs) ? epochs.map((e) => e.logs[name]) : undefined;
  }

  /** Epoch numbers aligned with `series`. */
  epochs(): number[] {
    return this.history?.epochs ?? this.record?.epochs.map((e) => e.epoch) ?? [];
  }

  /** The loss at initialisation: the record's first batch, else the first epoch's mean. */
  initialLoss(): number | undefined {
    return this.record?.initialLoss ?? this.series("loss")?.[0];
  }

  matrix(split: Split): Matrix | undefined {
    const d = this.data[split];
    if (d === undefined) return undefined;
    let m = this.matrices.get(split);
    if (m === undefined) this.matrices.set(split, (m = toMatrix(d)));
    return m;
  }
}
