import { asMatrix } from "./host.js";
import type { ArrayInput, HostArray } from "./host.js";
import { checkOptions } from "../options.js";

/** A fitted `MinMaxScaler` as plain JSON. */
export interface MinMaxScalerState {
  featureRange: [number, number];
  clip: boolean;
  dataMin: number[];
  dataMax: number[];
  scale: number[];
  min: number[];
}

/** Options of `MinMaxScaler`. */
export interface MinMaxScalerOptions {
  /** Clip transformed values into `featureRange` (default false). */
  clip?: boolean;
}

/**
 * Rescale each feature to `featureRange` (default [0, 1]) with
 * scikit-learn's semantics: `x * scale + min` where
 * `scale = (hi - lo) / (dataMax - dataMin)`; constant features get a range
 * of 1. Fit on the training part only.
 */
export class MinMaxScaler {
  readonly featureRange: [number, number];
  /** Clip transformed values to `featureRange` (default false). */
  readonly clip: boolean;
  dataMin: Float64Array | undefined;
  dataMax: Float64Array | undefined;
  /** Per-feature multiplier (`scale_`). */
  scale: Float64Array | undefined;
  /** Per-feature offset (`min_`). */
  min: Float64Array | undefined;

  constructor(featureRange: [number, number] = [0, 1], options: MinMaxScalerOptions = {}) {
    checkOptions("MinMaxScaler", options, ["clip"]);
    const [lo, hi] = featureRange;
    if (!(lo < hi)) throw new Error(`Minimum of desired feature range must be smaller than maximum. Got (${lo}, ${hi}).`);
    this.featureRange = [lo, hi];
    this.clip = options.clip ?? false;
  }

  /**
   * Compute per-feature minimum and maximum from `x` `[N, F]`. Float32 input
   * gives float32 statistics (rounded as NumPy rounds them), so outputs
   * match scikit-learn's bit for bit.
   */
  fit(x: ArrayInput): this {
    const { data, rows, cols, float32 } = asMatrix(x, "X");
    const lo = new Float64Array(cols).fill(Infinity);
    const hi = new Float64Array(cols).fill(-Infinity);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const v = data[i * cols + j];
        if (v < lo[j]) lo[j] = v;
        if (v > hi[j]) hi[j] = v;
      }
    }
    const round = float32 ? Math.fround : (v: number): number => v;
    const eps = float32 ? 2 ** -23 : Number.EPSILON;
    const [a, b] = this.featureRange.map(round);
    const scale = lo.map((l, j) => {
      const range = round(hi[j] - l);
      // Near-constant features get a range of 1, as scikit-learn's _handle_zeros_in_scale.
      return round((b - a) / (range < 10 * eps ? 1 : range));
    });
    this.dataMin = lo;
    this.dataMax = hi;
    this.scale = scale;
    this.min = lo.map((l, j) => round(a - round(l * scale[j])));
    return this;
  }

  /** Rescale `x` with the fitted range. */
  transform(x: ArrayInput): HostArray<Float32Array> {
    const [a, b] = this.featureRange;
    return this.apply(x, (v, scale, min) => {
      const y = Math.fround(v * scale) + min;
      return this.clip ? Math.min(b, Math.max(a, y)) : y;
    });
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: ArrayInput): HostArray<Float32Array> {
    return this.fit(x).transform(x);
  }

  /** Undo `transform`. */
  inverseTransform(z: ArrayInput): HostArray<Float32Array> {
    return this.apply(z, (v, scale, min) => Math.fround(v - min) / scale);
  }

  /** The fitted statistics as JSON-safe numbers. */
  toJSON(): MinMaxScalerState {
    const [dataMin, dataMax, scale, min] = this.fitted(0);
    return { featureRange: this.featureRange, clip: this.clip, dataMin: [...dataMin], dataMax: [...dataMax], scale: [...scale], min: [...min] };
  }

  /** A fitted scaler from `toJSON()` output. */
  static fromJSON(state: MinMaxScalerState): MinMaxScaler {
    const s = new MinMaxScaler(state.featureRange, { clip: state.clip });
    s.dataMin = Float64Array.from(state.dataMin);
    s.dataMax = Float64Array.from(state.dataMax);
    s.scale = Float64Array.from(state.scale);
    s.min = Float64Array.from(state.min);
    return s;
  }

  private apply(x: ArrayInput, f: (v: number, scale: number, min: number) => number): HostArray<Float32Array> {
    const { data, rows, cols } = asMatrix(x, "X");
    const [, , scale, min] = this.fitted(cols);
    const out = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = f(data[i * cols + j], scale[j], min[j]);
    return { data: out, shape: [rows, cols] };
  }

  private fitted(cols: number): Float64Array[] {
    const { dataMin, dataMax, scale, min } = this;
    if (!dataMin || !dataMax || !scale || !min) {
      throw new Error("This MinMaxScaler instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.");
    }
    if (cols > 0 && cols !== scale.length) throw new Error(`X has ${cols} features, but MinMaxScaler is expecting ${scale.length} features as input.`);
    return [dataMin, dataMax, scale, min];
  }
}
