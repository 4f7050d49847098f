// What the DoctorCallback writes down during training: plain JSON-able data,
// so it rides in checkpoints and can be diagnosed after the run.

/** Output statistics of one activation layer over the sampled batches of an epoch. */
export interface ActivationRecord {
  /** Module path in the model (`"1"`, `"encoder.2"`). */
  layer: string;
  kind: "relu" | "sigmoid" | "tanh";
  /** Whether it is the model's last layer (an output non-linearity, saturated by design once trained). */
  final: boolean;
  /** Sigmoid/Tanh: mean fraction of outputs within 0.01 of a bound. ReLU: mean fraction of outputs that are 0. */
  saturated: number;
  /** ReLU: fraction of units (output positions) that were 0 for every sampled row of the epoch. */
  dead?: number;
}

/** Adam-family state at the end of an epoch, per parameter group. */
export interface AdamRecord {
  group: number;
  eps: number;
  /** Median over (a strided sample of) the group's elements of `sqrt(v̂)`, v̂ = v/(1−β₂ᵗ); zeros left out. */
  medianSqrtVhat: number;
  /** Fraction of those elements where `eps ≥ sqrt(v̂)`. */
  belowEps: number;
}

/** Statistics of one epoch. Per-layer maps are keyed by parameter name (`"0.weight"`). */
export interface EpochRecord {
  epoch: number;
  /** Learning rate of the first group at the epoch's first step. */
  lr: number;
  /** The epoch's logs (`loss`, `val_loss`, metrics). */
  logs: Record<string, number>;
  /** Smallest, largest, mean and standard deviation of the batch losses. */
  batchLoss: { min: number; max: number; mean: number; std: number };
  /** Mean L2 norm of each parameter's gradient over the sampled batches. */
  gradNorm: Record<string, number>;
  /** ‖θ_end − θ_start‖ / ‖θ_start‖ over the whole epoch. */
  updateRatio: Record<string, number>;
  /** Mean over sampled steps of one step's ‖Δθ‖ / ‖θ‖. */
  stepUpdateRatio: Record<string, number>;
  activations: ActivationRecord[];
  adam: AdamRecord[];
}

/** A non-finite training loss and what the DoctorCallback did about it. */
export interface NonFiniteRecord {
  epoch: number;
  batch: number;
  value: number;
  action: "rollback" | "stop" | "raise";
  /** Rollback: the learning rate before and after the cut, and the epoch training resumed from (0-based). */
  lrBefore?: number;
  lrAfter?: number;
  resumedAt?: number;
}

/**
 * The gradient clipping the run applied before each step: `fit`'s
 * `clipGradNorm` (its `maxNorm` and norm order, `"inf"` for the max norm) or
 * `clipGradValue`.
 */
export type ClippingRecord = { clipGradNorm: number; normType: number | "inf" } | { clipGradValue: number };

/** Everything the DoctorCallback recorded during one `fit`. */
export interface DoctorRecord {
  /** Loss of the very first batch, before any update (only when training started at epoch 0). */
  initialLoss?: number;
  /** Total gradient norm (all parameters) of that first batch. */
  initialGradNorm?: number;
  /** Parameter names and shapes, input side first (`namedParameters()` order). */
  params: Array<{ name: string; shape: number[] }>;
  epochs: EpochRecord[];
  nonFinite: NonFiniteRecord[];
  /** The run's gradient clipping (`ctx.gradientClipping`), absent when it did not clip. */
  clipping?: ClippingRecord;
  /** Why training ended early, as a callback such as EarlyStopping said (`ctx.stopReason`). */
  stopReason?: string;
}

/** An empty record. */
export function emptyRecord(): DoctorRecord {
  return { params: [], epochs: [], nonFinite: [] };
}
