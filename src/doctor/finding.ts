/** How serious a finding is: `error` (the run is broken), `warning` (it is hurt), `info` (worth knowing). */
export type Severity = "error" | "warning" | "info";

/** The fixed names of what `diagnose` can find (docs/doctor.md explains each). */
export type FindingCode =
  | "loss-negative"
  | "loss-nan"
  | "diverging"
  | "oscillating"
  | "lr-too-low"
  | "plateau"
  | "overfitting"
  | "underfitting"
  | "val-above-train"
  | "split-shift"
  | "duplicate-rows"
  | "unscaled-inputs"
  | "saturated-activations"
  | "dead-relu"
  | "exploding-gradients"
  | "vanishing-gradients"
  | "adam-eps-dominates"
  | "coupled-weight-decay"
  | "class-imbalance"
  | "initial-loss-off";

/** One diagnosis. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** The (0-based) epoch it was seen at, or null when it is about the data or the setup. */
  epoch: number | null;
  /** What is wrong, in a sentence. */
  message: string;
  /** The measured values behind it. */
  evidence: Record<string, number | string | boolean | null>;
  /** What to do, naming what the package has for it. */
  suggestion: string;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Most severe first, then by epoch (data and setup findings before epoch ones). */
export function bySeverity(a: Finding, b: Finding): number {
  return ORDER[a.severity] - ORDER[b.severity] || (a.epoch ?? -1) - (b.epoch ?? -1);
}
