import type { Module } from "../nn/module.js";
import { Tensor } from "../tensor.js";
import { DataLoader } from "../data/loader.js";
import { TensorDataset } from "../data/dataset.js";
import type { ArrayInput } from "../data/host.js";
import { toLoader } from "./data_input.js";
import type { DataInput } from "./data_input.js";
import type { LossFn } from "./loss_fn.js";
import { TargetShaper } from "./loss_fn.js";
import { resolveMetrics } from "./metrics.js";
import type { Metric, MetricSpec } from "./metrics.js";
import { OutputCollector } from "./outputs.js";
import type { Logs } from "./callback.js";
import { checkOptions, optionNames } from "../options.js";
import { noGrad } from "../autograd/grad_mode.js";
import { tidy } from "../autograd/scope.js";

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** Loss to report as `loss` (optional: metrics alone are fine). */
  loss?: LossFn;
  /** Metrics to report, by name (`"accuracy"`, `"auc"`, `"mse"`, `"mae"`) or as `{ name, compute }`. */
  metrics?: MetricSpec[];
  /** Rows per forward pass. Default 256. */
  batchSize?: number;
}

/** Options of `predict`. */
export interface PredictOptions {
  /** Rows per forward pass. Default 256. */
  batchSize?: number;
}

const EVALUATE_OPTIONS = optionNames<EvaluateOptions>({ loss: true, metrics: true, batchSize: true });

/** @internal Reusable state of repeated evaluation passes (validation in `fit`). */
export class Evaluator {
  private readonly collector = new OutputCollector();
  private readonly shaper = new TargetShaper();

  constructor(
    private readonly loss: LossFn | undefined,
    private readonly metrics: Metric[],
  ) {}

  /**
   * Loss (mean over rows) and metrics of `model` in eval mode over one pass
   * of `loader`, keys prefixed. Runs under `noGrad`, each batch in `tidy`
   * (what a user module's forward makes is freed batch by batch).
   */
  run(model: Module, loader: DataLoader, prefix = ""): Logs {
    const wasTraining = model.training;
    model.eval();
    const c = this.collector;
    c.reset();
    let sum = 0;
    let rows = 0;
    try {
      noGrad(() => {
        for (const batch of loader) {
          const y = batch.y;
          if (y === undefined) throw new Error("wasmtune: evaluation data has no targets");
          tidy(() => {
            const out = model.forward(batch.x);
            const target = this.shaper.shape(y, out);
            if (this.loss) sum += this.loss.forward(out, target) * batch.size;
            if (this.metrics.length > 0) c.add(out, target, loader.dataset.length);
          });
          rows += batch.size;
        }
      });
    } finally {
      model.train(wasTraining);
    }
    const logs: Logs = {};
    if (this.loss) logs[`${prefix}loss`] = sum / rows;
    for (const m of this.metrics) logs[prefix + m.name] = m.compute(c.targets(), c.outputs(), c.cols);
    return logs;
  }
}

/**
 * Loss and metrics of `model` on `data`, computed in eval mode (dropout off,
 * BatchNorm running statistics) without gradients, like Keras' `evaluate`.
 */
export function evaluate(model: Module, data: DataInput, options: EvaluateOptions = {}): Logs {
  checkOptions("evaluate", options, EVALUATE_OPTIONS);
  const { loader, release } = toLoader(data, { name: "data", batchSize: options.batchSize ?? 256, shuffle: false, loss: options.loss });
  try {
    return new Evaluator(options.loss, resolveMetrics(options.metrics ?? [])).run(model, loader);
  } finally {
    release();
  }
}

/**
 * The model's outputs for every row of `x`, computed in eval mode without
 * gradients in batches of `batchSize` (default 256), as a new tensor
 * `[N, ...]` the caller owns.
 */
export function predict(model: Module, x: ArrayInput, options: PredictOptions = {}): Tensor {
  checkOptions("predict", options, ["batchSize"]);
  const dataset = new TensorDataset(x);
  const loader = new DataLoader(dataset, { batchSize: options.batchSize ?? 256 });
  const wasTraining = model.training;
  model.eval();
  let result: Tensor | undefined;
  try {
    let row = 0;
    noGrad(() => {
      for (const batch of loader) {
        tidy(() => {
          const out = model.forward(batch.x);
          const width = out.size / batch.size;
          result ??= Tensor.empty([dataset.length, ...out.shape.slice(1)], out.dtype);
          result.data.set(out.data, row * width);
        });
        row += batch.size;
      }
    });
  } catch (e) {
    result?.dispose();
    throw e;
  } finally {
    model.train(wasTraining);
    loader.dispose();
    dataset.dispose();
  }
  return result ?? Tensor.empty([0]);
}
