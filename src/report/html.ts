import { checkOptions } from "../options.js";
import type { Chart } from "./chart.js";
import { confusionMatrix } from "./charts/confusion_matrix.js";
import { contour } from "./charts/contour.js";
import { intermediateValues } from "./charts/intermediate_values.js";
import { lrFinder, type LrFinderLike } from "./charts/lr_finder.js";
import { lrSchedule } from "./charts/lr_schedule.js";
import { optimizationHistory } from "./charts/optimization_history.js";
import { paramImportances } from "./charts/param_importances.js";
import { parallelCoordinates } from "./charts/parallel_coordinates.js";
import { prCurve } from "./charts/pr_curve.js";
import { rocCurve } from "./charts/roc_curve.js";
import { slice } from "./charts/slice.js";
import { trainingCurves, type HistoryLike } from "./charts/training_curves.js";
import type { Evaluation } from "./evaluation.js";
import { escapeHtml, scriptJson } from "./html_escape.js";
import { PAGE_SCRIPT } from "./page_script.js";
import { completed, paramNames, type StudyLike } from "./study.js";
import { shortNumber } from "./theme.js";

/** One finding of the training doctor. */
export interface Finding {
  code: string;
  severity: "info" | "warning" | "error" | string;
  /** The epoch it concerns (0-based), if any. */
  epoch?: number | null;
  message: string;
  evidence?: unknown;
  suggestion?: string;
}

/** What a model section shows: its parameters' names and shapes (any `nn.Module`). */
export interface ModelLike {
  namedParameters(): [string, { shape: readonly number[] }][];
}

/** What {@link html} puts in the report; a section appears only for what is given. */
export interface ReportContents {
  /** Heading and document title. Default "wasmtune report". */
  title?: string;
  /** `fit`'s history (or its `toJSON()`): training curves, and its lr per step when the lr changed. */
  history?: HistoryLike & { lr?: readonly number[] };
  /** Kept epoch (0-based), marked on the training curves. */
  bestEpoch?: number;
  /** Epoch at which early stopping ended the run (0-based). */
  stopEpoch?: number;
  /** The training doctor's findings. */
  findings?: readonly Finding[];
  /** `lrFind`'s result. */
  lrFinder?: LrFinderLike;
  /** A tuning study (`tune.Study` or the same shape). */
  study?: StudyLike;
  /** `tune.importance(study)`. */
  importances?: Readonly<Record<string, number>>;
  /** Held-out scores and curves of a classifier. */
  evaluation?: Evaluation;
  /** The trained model. */
  model?: ModelLike;
}

const KNOWN = ["title", "history", "bestEpoch", "stopEpoch", "findings", "lrFinder", "study", "importances", "evaluation", "model"];

/** Collects a section's charts: each an inline SVG plus the option the page script makes interactive. */
class Figures {
  private n = 0;

  add<I, O extends object>(chart: Chart<I, O>, input: I, options?: O): string {
    const id = `chart-${this.n++}`;
    const option = chart.option(input, options);
    const svg = chart(input, { ...(options as O), id });
    const [, w, h] = /^<svg width="(\d+)" height="(\d+)"/.exec(svg) as RegExpExecArray;
    return `<figure><div class="chart" data-chart="${id}-option" style="width:${w}px;height:${h}px">${svg}</div><script type="application/json" id="${id}-option">${scriptJson(option)}</script></figure>`;
  }
}

function table(rows: readonly (readonly string[])[], head: readonly string[]): string {
  const cells = (r: readonly string[], tag: string) => `<tr>${r.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join("")}</tr>`;
  return `<table><thead>${cells(head, "th")}</thead><tbody>${rows.map((r) => cells(r, "td")).join("")}</tbody></table>`;
}

function section(id: string, heading: string, body: string): string {
  return `<section id="${id}"><h2>${escapeHtml(heading)}</h2>${body}</section>`;
}

function findingsSection(findings: readonly Finding[]): string {
  if (findings.length === 0) return section("findings", "Diagnosis", "<p>No problems found.</p>");
  const items = findings.map((f) => {
    const where = f.epoch === undefined || f.epoch === null ? "" : ` · epoch ${f.epoch + 1}`;
    const evidence = f.evidence === undefined ? "" : `<details><summary>evidence</summary><pre>${escapeHtml(JSON.stringify(f.evidence, null, 1))}</pre></details>`;
    const suggestion = f.suggestion ? `<p class="suggestion">${escapeHtml(f.suggestion)}</p>` : "";
    return `<li class="finding ${escapeHtml(f.severity)}"><p><span class="badge">${escapeHtml(f.severity)}</span> <code>${escapeHtml(f.code)}</code>${escapeHtml(where)}</p><p>${escapeHtml(f.message)}</p>${suggestion}${evidence}</li>`;
  });
  return section("findings", "Diagnosis", `<ul class="findings">${items.join("")}</ul>`);
}

function trainingSection(c: ReportContents, figs: Figures): string {
  const h = c.history as NonNullable<ReportContents["history"]>;
  const parts = [figs.add(trainingCurves, h, { bestEpoch: c.bestEpoch, stopEpoch: c.stopEpoch })];
  const names = Object.keys(h.metrics);
  const row = (label: string, k: number) => [label, ...names.map((n) => shortNumber(h.metrics[n][k]))];
  const rows = [row(`last (${h.epochs.length})`, h.epochs.length - 1)];
  if (c.bestEpoch !== undefined) rows.unshift(row(`kept (${c.bestEpoch + 1})`, h.epochs.indexOf(c.bestEpoch)));
  parts.push(table(rows, ["epoch", ...names]));
  const lr = h.lr ?? [];
  if (lr.some((v) => v !== lr[0])) parts.push(figs.add(lrSchedule, [{ name: "lr", lr }], { title: "Learning rate per step" }));
  return section("training", "Training", parts.join(""));
}

function evaluationSection(e: Evaluation, figs: Figures): string {
  const parts = [];
  if (e.scores) parts.push(table(Object.entries(e.scores).map(([k, v]) => [k, shortNumber(v)]), ["score", "value"]));
  const row = [];
  if (e.roc) row.push(figs.add(rocCurve, e.roc));
  if (e.pr) row.push(figs.add(prCurve, e.pr));
  if (e.confusionMatrix) row.push(figs.add(confusionMatrix, e.confusionMatrix, e.labels ? { labels: e.labels } : {}));
  parts.push(`<div class="row">${row.join("")}</div>`);
  return section("evaluation", "Evaluation on held-out rows", parts.join(""));
}

function tuningSection(c: ReportContents, figs: Figures): string {
  const study = c.study as StudyLike;
  const objective = study.directions.length > 1 ? { objective: 0 } : {};
  const done = completed(study, objective);
  const count = (s: string) => study.trials.filter((t) => t.state === s).length;
  const parts = [`<p>${study.trials.length} trials: ${count("COMPLETE")} complete, ${count("PRUNED")} pruned, ${count("FAIL")} failed.</p>`];
  if (done.length > 0) {
    const best = done.reduce((a, b) => ((study.directions[0] === "maximize" ? b.value > a.value : b.value < a.value) ? b : a));
    parts.push(`<p>Best: trial ${best.trial.number}, value ${escapeHtml(shortNumber(best.value))}.</p>`);
    parts.push(table(Object.entries(best.trial.params).map(([k, v]) => [k, typeof v === "number" ? shortNumber(v) : String(v)]), ["parameter", "best value"]));
    parts.push(figs.add(optimizationHistory, study, objective));
    if (c.importances && Object.keys(c.importances).length > 0) parts.push(figs.add(paramImportances, c.importances));
    const params = paramNames(done);
    if (params.length > 0) parts.push(figs.add(parallelCoordinates, study, objective), figs.add(slice, study, objective));
    if (params.length >= 2) {
      // The two most important parameters when known, else the first two by name.
      const ranked = c.importances ? Object.entries(c.importances).sort((a, b) => b[1] - a[1]).map(([k]) => k).filter((k) => params.includes(k)) : [];
      const pair = (ranked.length >= 2 ? ranked : params).slice(0, 2) as [string, string];
      parts.push(figs.add(contour, study, { ...objective, params: pair }));
    }
  }
  if (study.trials.some((t) => t.intermediateValues.size > 0)) parts.push(figs.add(intermediateValues, study));
  return section("tuning", "Tuning", parts.join(""));
}

function modelSection(model: ModelLike): string {
  const params = model.namedParameters();
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  const total = params.reduce((a, [, p]) => a + size(p.shape), 0);
  const rows = params.map(([name, p]) => [name, `[${p.shape.join(", ")}]`, String(size(p.shape))]);
  return section("model", "Model", `<p>${total} parameters.</p>${table(rows, ["parameter", "shape", "size"])}`);
}

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:24px;color:#1d1d1f}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 12px;border-bottom:1px solid #ddd;padding-bottom:4px}
nav a{margin-right:14px}figure{margin:12px 0;overflow-x:auto}.row{display:flex;flex-wrap:wrap;gap:12px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 10px;text-align:right}td:first-child,th:first-child{text-align:left}
.findings{list-style:none;padding:0}.finding{border-left:5px solid #888;padding:4px 12px;margin:8px 0;background:#f7f7f7}
.finding.error{border-color:#d55e00}.finding.warning{border-color:#e69f00}.finding.info{border-color:#0072b2}
.badge{font-weight:bold;text-transform:uppercase;font-size:12px}.suggestion{font-style:italic}pre{white-space:pre-wrap;font-size:12px}`;

/**
 * One self-contained HTML page reporting a run: the doctor's findings,
 * training curves and learning rate, the LR finder, held-out scores and
 * curves, a tuning study and the model, each section only when given. The
 * charts are inline SVG made interactive by ECharts, which is inlined too: the
 * page makes no network request and works offline.
 *
 * ```ts
 * await writeFile("report.html", report.html({ history, bestEpoch: 12, model }));
 * ```
 */
export function html(contents: ReportContents): string {
  checkOptions("report.html", contents, KNOWN);
  const c = contents;
  const figs = new Figures();
  const sections: [string, string, string][] = [];
  const add = (id: string, label: string, body: () => string) => sections.push([id, label, body()]);
  if (c.findings) add("findings", "Diagnosis", () => findingsSection(c.findings as Finding[]));
  if (c.history) add("training", "Training", () => trainingSection(c, figs));
  if (c.lrFinder) add("lr-finder", "LR finder", () => section("lr-finder", "Learning-rate finder", figs.add(lrFinder, c.lrFinder as LrFinderLike)));
  if (c.evaluation) add("evaluation", "Evaluation", () => evaluationSection(c.evaluation as Evaluation, figs));
  if (c.study) add("tuning", "Tuning", () => tuningSection(c, figs));
  if (c.model) add("model", "Model", () => modelSection(c.model as ModelLike));
  if (sections.length === 0) throw new RangeError("report.html: nothing to report; give at least one of history, findings, lrFinder, evaluation, study, model");
  const title = escapeHtml(c.title ?? "wasmtune report");
  const nav = sections.map(([id, label]) => `<a href="#${id}">${escapeHtml(label)}</a>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${title}</title><style>${STYLE}</style></head>
<body><h1>${title}</h1><nav>${nav}</nav>
${sections.map(([, , body]) => body).join("\n")}
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}
