import type { Finding } from "./finding.js";
import { fmt } from "./stats.js";

function value(v: number | string | boolean | null): string {
  return typeof v === "number" ? fmt(v) : String(v);
}

/** One finding as people read it: a headline, the evidence, and what to do. */
export function formatFinding(f: Finding): string {
  const where = f.epoch === null ? "" : ` (epoch ${f.epoch + 1})`;
  const evidence = Object.entries(f.evidence)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k} ${value(v)}`)
    .join(", ");
  return [`${f.severity}: ${f.code}${where}: ${f.message}`, `  evidence: ${evidence}`, `  try: ${f.suggestion}`].join("\n");
}

/** Findings as text for a terminal or a log, most severe first as `diagnose` orders them. */
export function format(findings: readonly Finding[]): string {
  if (findings.length === 0) return "doctor: no findings.";
  const counts = (["error", "warning", "info"] as const).map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  const head = `doctor: ${counts.map(([s, n]) => `${n} ${s}${n > 1 ? "s" : ""}`).join(", ")}`;
  return [head, ...findings.map(formatFinding)].join("\n");
}
