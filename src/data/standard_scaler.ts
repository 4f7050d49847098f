import { asMatrix } from "./host.js";
import type { ArrayInput, HostArray } from "./host.js";
import { checkOptions, optionNames } from "../options.js";

/** `StandardScaler` options, as in scikit-learn. */
export interface StandardScalerOptions {
  /** Subtract the mean (default true). */
  withMean?: boolean;
  /** Divide by the standard deviation (default true). */
  withStd?: boolean;
}

const STANDARD_SCALER_OPTIONS = optionNames<StandardScalerOptions>({ withMean: true, withStd: true });

/** A fitted `StandardScaler` as plain JSON. */
export interface StandardScalerState {
  withMean: boolean;
  withStd: boolean;
  mean: number[];
  var: number[];
  scale: number[];
  nSamplesSeen: number;
}

/**
 * Standardise features: `z = (x - mean) / scale`, with scikit-learn's
 * semantics: population variance accumulated in float64, `scale = sqrt(var)`
 * except that (numerically) constant features get scale 1. Fit on the
 * training part only and reuse the fitted scaler on validation and test data.
 */
export class StandardScaler {
  readonly withMean: boolean;
  readonly withStd: boolean;
  /** Per-feature mean (`mean_`). */
  mean: Float64Array | undefined;
  /** Per-feature population variance (`var_`). */
  var: Float64Array | undefined;
  /** Per-feature divisor (`scale_`). */
  scale: Float64Array | undefined;
  nSamplesSeen = 0;

  constructor(options: StandardScalerOptions = {}) {
    checkOptions("StandardScaler", options, STANDARD_SCALER_OPTIONS);
    this.withMean = options.withMean ?? true;
    this.withStd = options.withStd ?? true;
  }

  /** Compute mean and scale from `x` `[N, F]`. */
  fit(x: ArrayInput): this {
    const { data, rows, cols } = asMatrix(x, "X");
    const mean = new Float64Array(cols);
    const m2 = new Float64Array(cols);
    const correction = new Float64Array(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += data[i * cols + j];
    for (let j = 0; j < cols; j++) mean[j] /= rows;
    // Two passes with a compensation term, as scikit-learn's _incremental_mean_and_var.
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const d = data[i * cols + j] - mean[j];
        correction[j] += d;
        m2[j] += d * d;
      }
    }
    const variance = m2.map((v, j) => (v - (correction[j] * correction[j]) / rows) / rows);
    const eps = Number.EPSILON;
    this.mean = this.withMean ? mean : undefined;
    this.var = this.withStd ? variance : undefined;
    this.scale = this.withStd
      ? variance.map((v, j) => {
          // A feature is constant when its variance is within the error bound of the two-pass algorithm.
          const bound = rows * eps * v + (rows * mean[j] * eps) ** 2;
          return v <= bound ? 1 : Math.sqrt(v);
        })
      : undefined;
    this.nSamplesSeen = rows;
    return this;
  }

  /** Standardise `x` with the fitted statistics; float32 output like scikit-learn on float32 input. */
  transform(x: ArrayInput): HostArray<Float32Array> {
    return this.apply(x, (v, j) => {
      const centred = this.mean ? Math.fround(v - this.mean[j]) : v;
      return this.scale ? centred / this.scale[j] : centred;
    });
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: ArrayInput): HostArray<Float32Array> {
    return this.fit(x).transform(x);
  }

  /** Undo `transform`: `x = z * scale + mean`. */
  inverseTransform(z: ArrayInput): HostArray<Float32Array> {
    return this.apply(z, (v, j) => {
      const scaled = this.scale ? Math.fround(v * this.scale[j]) : v;
      return this.mean ? scaled + this.mean[j] : scaled;
    });
  }

  /** The fitted statistics as JSON-safe numbers. */
  toJSON(): StandardScalerState {
    this.check(0);
    const arr = (a: Float64Array | undefined): number[] => (a ? Array.from(a) : []);
    return { withMean: this.withMean, withStd: this.withStd, mean: arr(this.mean), var: arr(this.var), scale: arr(this.scale), nSamplesSeen: this.nSamplesSeen };
  }

  /** A fitted scaler from `toJSON()` output. */
  static fromJSON(state: StandardScalerState): StandardScaler {
    const s = new StandardScaler({ withMean: state.withMean, withStd: state.withStd });
    s.mean = state.withMean ? Float64Array.from(state.mean) : undefined;
    s.var = state.withStd ? Float64Array.from(state.var) : undefined;
    s.scale = state.withStd ? Float64Array.from(state.scale) : undefined;
    s.nSamplesSeen = state.nSamplesSeen;
    return s;
  }

  private apply(x: ArrayInput, f: (v: number, j: number) => number): HostArray<Float32Array> {
    const { data, rows, cols } = asMatrix(x, "X");
    this.check(cols);
    const out = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = f(data[i * cols + j], j);
    return { data: out, shape: [rows, cols] };
  }

  private check(cols: number): void {
    if (this.nSamplesSeen === 0) throw new Error("This StandardScaler instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.");
    const fitted = (this.mean ?? this.scale)?.length;
    if (cols > 0 && fitted !== undefined && cols !== fitted) {
      throw new Error(`X has ${cols} features, but StandardScaler is expecting ${fitted} features as input.`);
    }
  }
}
