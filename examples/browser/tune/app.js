// Runs a TPE study whose trials execute in Web Workers (the objective is a
// module: functions cannot be sent to workers) and lists them as they end.
// The finished study is left in `globalThis.study` for the example's test.
import { init, tune } from "wasmtune";

const $ = (id) => document.getElementById(id);
const fmt = (v) => (typeof v === "number" && !Number.isInteger(v) ? v.toPrecision(3) : String(v));

function show(message, isError = false) {
  $("status").textContent = message;
  $("status").className = isError ? "error" : "";
}

function addRow(t) {
  const cells = [t.number, t.state.toLowerCase(), t.values?.[0], ...["lr", "oneMinusBeta1", "hidden", "weightDecay", "batchSize"].map((k) => t.params[k])];
  const row = document.createElement("tr");
  for (const c of cells) row.insertCell().textContent = c === undefined ? "" : fmt(c);
  $("trials-table").append(row);
}

async function run() {
  $("start").disabled = true;
  $("trials-table").textContent = "";
  try {
    const study = await tune.createStudy({
      sampler: new tune.TPESampler({ seed: 1, constantLiar: true }),
      pruner: new tune.MedianPruner({ nStartupTrials: 5, nWarmupSteps: 2 }),
    });
    show("Starting the workers…");
    await study.optimize(new URL("../../tune_objective.mjs", import.meta.url), {
      nTrials: Number($("trials").value),
      workers: Number($("workers").value),
      workerData: { rows: 400, seed: 0, epochs: 12 },
      callbacks: [
        (s, t) => {
          addRow(t);
          show(`${s.trials.filter((x) => x.state !== "RUNNING").length} trials done`);
        },
      ],
    });
    show(`Best validation loss ${study.bestValue.toPrecision(4)}: ${JSON.stringify(study.bestParams)}`);
    globalThis.study = study;
  } catch (err) {
    show(err.message, true);
  } finally {
    $("start").disabled = false;
  }
}

await init();
$("start").addEventListener("click", run);
