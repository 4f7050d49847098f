import { checkOptions } from "../options.js";
import { Context } from "./checks/context.js";
import type { DiagnoseInput } from "./checks/context.js";
import { dataInputChecks } from "./checks/data_inputs.js";
import { dataSplitChecks } from "./checks/data_splits.js";
import { generalisationChecks } from "./checks/generalisation.js";
import { layerChecks } from "./checks/layers.js";
import { lossCurveChecks } from "./checks/loss_curve.js";
import { lossValueChecks } from "./checks/loss_values.js";
import { optimizerChecks } from "./checks/optimizer.js";
import { bySeverity } from "./finding.js";
import type { Finding } from "./finding.js";

const KNOWN = ["history", "record", "data", "model", "loss", "optimizer", "clipping"];
const FAMILIES = [dataSplitChecks, dataInputChecks, layerChecks, optimizerChecks];

/**
 * Diagnose a training run: from `fit`'s history, a `DoctorCallback` record,
 * the data splits, the model, loss and optimizer, the gradient clipping
 * `fit` applied (each optional; a check
 * runs when what it needs is there), the findings of docs/doctor.md, most
 * severe first. The comparisons of training and held-out losses are left
 * out when the losses themselves are broken (an error about the loss). Evaluating the model on the splits (for `val-above-train`)
 * runs it in eval mode and restores its mode.
 */
export function diagnose(input: DiagnoseInput): Finding[] {
  checkOptions("diagnose", input, KNOWN);
  if (input.data !== undefined) checkOptions("diagnose: data", input.data, ["train", "val", "test"]);
  if (input.clipping !== undefined) checkOptions("diagnose: clipping", input.clipping, ["clipGradNorm", "clipGradValue"]);
  const ctx = new Context(input);
  const loss = [...lossValueChecks(ctx), ...lossCurveChecks(ctx)];
  // After a blow-up the losses are debris: comparing train and held-out losses would mislead.
  const broken = loss.some((f) => f.severity === "error");
  return [...loss, ...(broken ? [] : generalisationChecks(ctx)), ...FAMILIES.flatMap((check) => check(ctx))].sort(bySeverity);
}
