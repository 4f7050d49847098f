// The studio page: a CSV in, a model and a report out, all in the browser.
// Training runs in a module worker (worker.ts); this thread draws the live
// charts with the report's ECharts options and builds the downloads.
import type { EChartsOption } from "echarts";
import { confusionMatrix } from "../report/charts/confusion_matrix.js";
import { intermediateValues } from "../report/charts/intermediate_values.js";
import { optimizationHistory } from "../report/charts/optimization_history.js";
import { paramImportances } from "../report/charts/param_importances.js";
import { prCurve } from "../report/charts/pr_curve.js";
import { rocCurve } from "../report/charts/roc_curve.js";
import { trainingCurves } from "../report/charts/training_curves.js";
import { echarts } from "../report/echarts.js";
import { html } from "../report/html.js";
import { init } from "../runtime/wasm.js";
import type { HistoryJSON } from "../train/history.js";
import type { Finding } from "../doctor/finding.js";
import type { StudioEvent, StudioRequest } from "./protocol.js";

type Done = Extract<StudioEvent, { type: "done" }>;

/** An interactive chart in `el`, replaced by each `show`. */
function liveChart(el: HTMLElement): (option: EChartsOption) => void {
  let chart: ReturnType<ReturnType<typeof echarts>["init"]> | undefined;
  return (option) => {
    chart ??= echarts().init(el, null, { renderer: "svg" });
    chart.setOption(option, { notMerge: true });
  };
}

/** A download link for bytes made here. */
function offer(a: HTMLAnchorElement, bytes: BlobPart, type: string, name: string): void {
  if (a.href.startsWith("blob:")) URL.revokeObjectURL(a.href);
  a.href = URL.createObjectURL(new Blob([bytes], { type }));
  a.download = name;
  a.hidden = false;
}

/**
 * Wire the studio page (`index.html`) up. The page loads the WebAssembly
 * module too: the charts of log-scaled parameters (the tuned learning rate)
 * take log10 through it.
 */
export async function startStudio(doc: Document): Promise<void> {
  await init(new URL("../wasmtune.wasm", import.meta.url));
  const $ = <T extends HTMLElement = HTMLElement>(id: string) => doc.getElementById(id) as T;
  const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  const ask = (r: StudioRequest) => worker.postMessage(r);
  const status = (text: string) => ($("status").textContent = text);
  const enable = () => {
    for (const id of ["train", "tune"]) $<HTMLButtonElement>(id).disabled = false;
  };
  const showCurves = liveChart($("curves"));
  const showHistory = liveChart($("study-history"));
  const showIntermediate = liveChart($("study-intermediate"));
  let csv = "";
  let name = "";
  let history: HistoryJSON = { epochs: [], metrics: {}, lr: [] };
  let epochs = 0;
  let trials = 0;

  async function load(file: File): Promise<void> {
    csv = await file.text();
    name = file.name;
    $("error").textContent = "";
    status(`read ${file.name}`);
    ask({ type: "inspect", csv, name });
  }

  /** The doctor's findings as a list: severity, code, message and what to do. */
  function showFindings(findings: readonly Finding[]): void {
    const items = findings.map((f) => Object.assign(doc.createElement("li"), { className: f.severity, textContent: `${f.severity} ${f.code}: ${f.message} ${f.suggestion}` }));
    $("findings").replaceChildren(...(items.length > 0 ? items : [Object.assign(doc.createElement("li"), { textContent: "doctor: no problems found" })]));
  }

  function finished(m: Done): void {
    const h = { ...m.history };
    showCurves(trainingCurves.option(h, { bestEpoch: m.bestEpoch, ...(m.stopEpoch === null ? {} : { stopEpoch: m.stopEpoch }) }));
    const e = m.evaluation;
    const scores = e.scores ?? {};
    const lines = Object.entries(scores).map(([k, v]) => `test ${k === "auc" ? "ROC AUC" : k} ${v.toFixed(4)}`);
    $("scores").textContent = lines.join(" · ");
    if (e.roc) liveChart($("roc"))(rocCurve.option(e.roc));
    if (e.pr) liveChart($("pr"))(prCurve.option(e.pr));
    if (e.confusionMatrix) liveChart($("confusion"))(confusionMatrix.option(e.confusionMatrix, e.labels ? { labels: e.labels } : {}));
    const stem = name.replace(/\.csv$/i, "");
    offer($<HTMLAnchorElement>("download-model"), m.model as Uint8Array<ArrayBuffer>, "application/octet-stream", `${stem}.safetensors`);
    const model = { namedParameters: () => m.parameters.map(([n, shape]): [string, { shape: number[] }] => [n, { shape }]) };
    if (m.importances) {
      $("importances").hidden = false;
      liveChart($("importances"))(paramImportances.option(m.importances));
    }
    const tuning = m.study ? { study: m.study, ...(m.importances ? { importances: m.importances } : {}) } : {};
    showFindings(m.findings);
    const page = html({ title: `wasmtune studio: ${name}`, history: h, bestEpoch: m.bestEpoch, ...(m.stopEpoch === null ? {} : { stopEpoch: m.stopEpoch }), evaluation: e, model, findings: m.findings, ...tuning });
    offer($<HTMLAnchorElement>("download-report"), page, "text/html", `${stem}-report.html`);
    status(`done: ${h.epochs.length} epochs${m.stopEpoch === null ? "" : " (stopped early)"}, kept epoch ${m.bestEpoch + 1}`);
    enable();
  }

  worker.onmessage = (e: MessageEvent<StudioEvent>) => {
    const m = e.data;
    if (m.type === "columns") {
      const select = $<HTMLSelectElement>("target");
      select.replaceChildren(...m.columns.map((c) => Object.assign(doc.createElement("option"), { value: c, textContent: c })));
      select.value = m.columns[m.columns.length - 1];
      enable();
      status(`${name}: ${m.columns.length} columns; pick the target and train`);
    } else if (m.type === "start") {
      const kind = m.task === "regression" ? "regression" : `${m.task} (${(m.classes as string[]).join(", ")})`;
      status(`${kind}: ${m.features} features; training on ${m.rows.train} rows, validating on ${m.rows.val}, testing on ${m.rows.test}`);
    } else if (m.type === "trial") {
      const done = m.study.trials.filter((t) => t.state === "COMPLETE" || t.state === "PRUNED").length;
      $("epoch").textContent = `trial ${done} / ${trials}`;
      $("study").hidden = false;
      if (m.study.trials.some((t) => t.state === "COMPLETE")) showHistory(optimizationHistory.option(m.study, { targetName: "best val_loss" }));
      if (m.study.trials.some((t) => t.intermediateValues.size > 0)) showIntermediate(intermediateValues.option(m.study, { targetName: "val_loss" }));
    } else if (m.type === "epoch") {
      history.epochs.push(m.epoch);
      for (const [k, v] of Object.entries(m.logs)) (history.metrics[k] ??= []).push(v);
      showCurves(trainingCurves.option(history));
      $("epoch").textContent = `epoch ${m.epoch + 1} / ${epochs}`;
    } else if (m.type === "finding") {
      $("findings").append(Object.assign(doc.createElement("li"), { className: m.finding.severity, textContent: `${m.finding.severity} ${m.finding.code}: ${m.finding.message}` }));
    } else if (m.type === "done") {
      finished(m);
    } else {
      $("error").textContent = m.message;
      status("stopped by an error");
      enable();
    }
  };
  worker.onerror = (e) => ($("error").textContent = e.message);

  $<HTMLInputElement>("file").addEventListener("change", (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) void load(file);
  });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => (e.preventDefault(), drop.classList.add("over")));
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const file = e.dataTransfer?.files[0];
    if (file) void load(file);
  });
  const start = (mode: "train" | "tune") => {
    epochs = Number($<HTMLInputElement>("epochs").value);
    trials = Number($<HTMLInputElement>("trials").value);
    history = { epochs: [], metrics: {}, lr: [] };
    for (const id of ["download-model", "download-report", "study", "importances"]) $(id).hidden = true;
    $("findings").replaceChildren();
    $("scores").textContent = "";
    $("epoch").textContent = "";
    status(mode === "tune" ? "tuning…" : "training…");
    for (const id of ["train", "tune"]) $<HTMLButtonElement>(id).disabled = true;
    const run = { csv, name, target: $<HTMLSelectElement>("target").value, epochs, seed: Number($<HTMLInputElement>("seed").value) };
    ask(mode === "tune" ? { type: "tune", ...run, trials } : { type: "train", ...run });
  };
  $<HTMLButtonElement>("train").addEventListener("click", () => start("train"));
  $<HTMLButtonElement>("tune").addEventListener("click", () => start("tune"));
}
