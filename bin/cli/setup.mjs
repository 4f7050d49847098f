// Building the model, loss, metrics, optimizer and scheduler the command line asks for.
import { UsageError } from "./args.mjs";

/** Linear → ReLU (→ Dropout) blocks for each hidden width, then a Linear output layer. */
export function mlp(nn, inputs, hidden, outputs, dropout) {
  const layers = [];
  let width = inputs;
  for (const h of hidden) {
    layers.push(new nn.Linear(width, h), new nn.ReLU());
    if (dropout > 0) layers.push(new nn.Dropout(dropout));
    width = h;
  }
  layers.push(new nn.Linear(width, outputs));
  return new nn.Sequential(...layers);
}

/** Mean and standard deviation of the training targets (regression trains on standardised targets). */
export function moments(y) {
  let mean = 0;
  for (const v of y) mean += v / y.length;
  let v2 = 0;
  for (const v of y) v2 += (v - mean) ** 2 / y.length;
  return { mean, std: Math.sqrt(v2) || 1 };
}

/** Loss, output width and metrics for a task; regression reports MAE in the target's units, and R². */
export function lossFor(nn, task, targetScale) {
  if (task.kind === "binary") return { loss: new nn.BCEWithLogitsLoss(), outputs: 1, metrics: ["auc", "accuracy"] };
  if (task.kind === "multiclass") return { loss: new nn.CrossEntropyLoss(), outputs: task.classes.length, metrics: ["accuracy"] };
  const mae = {
    name: "mae",
    compute: (t, o) => {
      let s = 0;
      for (let i = 0; i < o.length; i++) s += Math.abs(o[i] - t[i]);
      return (s / o.length) * targetScale;
    },
  };
  return { loss: new nn.MSELoss(), outputs: 1, metrics: [mae, "r2"] };
}

/** The optimizer named by --optimizer; values it refuses (`--lr -1`) are usage errors in PyTorch's words. */
export function optimizerFor(optim, params, o) {
  const common = { lr: o.lr, weightDecay: o.weightDecay };
  // β₁ is Adam's first-moment decay and SGD's momentum (`tune` searches it; `train` keeps 0.9).
  const beta1 = o.beta1 ?? 0.9;
  try {
    switch (o.optimizer) {
      case "adam":
        return new optim.Adam(params, { ...common, betas: [beta1, 0.999] });
      case "adamw":
        return new optim.AdamW(params, { ...common, betas: [beta1, 0.999] });
      case "sgd":
        return new optim.SGD(params, { ...common, momentum: beta1 });
      default:
        return new optim.RMSprop(params, common);
    }
  } catch (e) {
    throw new UsageError(e.message.replace(/^wasmtune: /, ""));
  }
}

function numbers(spec, count, names) {
  const parts = spec.split(":").slice(1);
  if (parts.length > count || parts.some((p) => p.trim() === "" || !Number.isFinite(Number(p)))) {
    throw new UsageError(`--scheduler ${spec}: expected ${spec.split(":")[0]}${names.map((n) => `:${n}`).join("")} with numbers`);
  }
  return parts.map(Number);
}

/** The scheduler named by --scheduler (`exponential:0.96`, `step:10:0.5`, `cosine`, `onecycle`, `plateau:5:0.5`). */
export function schedulerFor(optim, optimizer, spec, epochs, stepsPerEpoch) {
  const kind = spec.split(":")[0];
  const config = (() => {
    switch (kind) {
      case "none":
        return undefined;
      case "exponential": {
        const [gamma = 0.95] = numbers(spec, 1, ["GAMMA"]);
        return { type: "exponential", gamma };
      }
      case "step": {
        const [stepSize = 10, gamma = 0.1] = numbers(spec, 2, ["EPOCHS", "GAMMA"]);
        return { type: "step", stepSize, gamma };
      }
      case "cosine":
        numbers(spec, 0, []);
        return { type: "cosine", tMax: epochs };
      case "onecycle":
        numbers(spec, 0, []);
        return { type: "oneCycle", maxLr: optimizer.paramGroups[0].lr, epochs, stepsPerEpoch };
      case "plateau": {
        const [patience = 5, factor = 0.1] = numbers(spec, 2, ["PATIENCE", "FACTOR"]);
        return { type: "plateau", patience, factor };
      }
      default:
        throw new UsageError(`--scheduler must be none, exponential:GAMMA, step:EPOCHS:GAMMA, cosine, onecycle or plateau[:PATIENCE[:FACTOR]], got "${spec}"`);
    }
  })();
  if (config === undefined) return undefined;
  try {
    return optim.lrScheduler.createScheduler(optimizer, config);
  } catch (e) {
    throw new UsageError(`--scheduler ${spec}: ${e.message.replace(/^wasmtune: /, "")}`);
  }
}

/** fit's clipping options from --clip-grad-norm / --clip-grad-value (one or the other). */
export function clipping(o) {
  if (o.clipGradNorm !== undefined && o.clipGradValue !== undefined) throw new UsageError("--clip-grad-norm and --clip-grad-value cannot be used together: clip by the joint norm or by value");
  if (o.clipGradNorm !== undefined) return { clipGradNorm: o.clipGradNorm };
  return o.clipGradValue !== undefined ? { clipGradValue: o.clipGradValue } : {};
}
