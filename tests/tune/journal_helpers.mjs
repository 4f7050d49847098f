// Shared by the journal tests: the journal storage, temporary journals, and
// Optuna (python3-optuna) run through tests/fixtures/gen_tune_journal.py.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const GEN = join(ROOT, "tests/fixtures/gen_tune_journal.py");
export const PYTHON = "/usr/bin/python3";

// The journal storage is bundled from src until the `tune` root export carries it.
export const BUNDLE = join(mkdtempSync(join(tmpdir(), "wasmtune-journal-lib-")), "journal.mjs");
await build({
  stdin: {
    contents: [
      'export { JournalFileStorage } from "./src/tune/storage/journal/index.ts";',
      'export { resolveStorage } from "./src/tune/storage/resolve.ts";',
      'export { failStaleTrials } from "./src/tune/storage/stale.ts";',
      'export * from "./src/tune/distributions.ts";',
      'export * from "./src/tune/errors.ts";',
    ].join("\n"),
    resolveDir: ROOT,
    loader: "ts",
    sourcefile: "journal-test-entry.ts",
  },
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  external: ["node:*"],
  outfile: BUNDLE,
  logLevel: "warning",
});
export const lib = await import(pathToFileURL(BUNDLE).href);

/** A path for a new journal in a fresh temporary directory. */
export function tmpJournal(name = "study.log") {
  return join(mkdtempSync(join(tmpdir(), "wasmtune-journal-")), name);
}

/** Run the Optuna side; fails the test clearly when python3-optuna is missing. */
export function optuna(...args) {
  const probe = spawnSync(PYTHON, ["-c", "import optuna; print(optuna.__version__)"], { encoding: "utf8" });
  assert.equal(probe.status, 0, `python3-optuna is required for the journal interop tests (apt-get install python3-optuna): ${probe.stderr || probe.error}`);
  const r = spawnSync(PYTHON, [GEN, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `gen_tune_journal.py ${args.join(" ")} failed:\n${r.stderr}`);
  return r.stdout.trim() === "" ? null : JSON.parse(r.stdout);
}

const pad = (n, w = 2) => String(n).padStart(w, "0");
/** A Date as Optuna's naive local isoformat with milliseconds (microseconds are not kept). */
export function localIso(d) {
  if (d === null) return null;
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

const finite = (v) =>
  typeof v === "number" && !Number.isFinite(v) ? String(v) : Array.isArray(v) ? v.map(finite) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, finite(x)])) : v;

/** A study and its trials as wasmtune reads them, in the shape gen_tune_journal.py dumps. */
export function viewOf(storage, studyId) {
  const study = storage.getAllStudies().find((s) => s.studyId === studyId);
  return finite({
    study_name: study.studyName,
    directions: study.directions,
    user_attrs: study.userAttrs,
    system_attrs: study.systemAttrs,
    trials: storage.getAllTrials(studyId).map((t) => ({
      number: t.number,
      state: t.state,
      values: t.values,
      params: t.params,
      distributions: Object.fromEntries(Object.entries(t.distributions).map(([k, d]) => [k, JSON.parse(lib.distributionToJson(d))])),
      intermediate_values: Object.fromEntries([...t.intermediateValues].sort((a, b) => a[0] - b[0]).map(([s, v]) => [String(s), v])),
      user_attrs: t.userAttrs,
      system_attrs: t.systemAttrs,
      datetime_start: localIso(t.datetimeStart),
      datetime_complete: localIso(t.datetimeComplete),
    })),
  });
}

/** Optuna's dump with datetimes cut to milliseconds, to compare with {@link viewOf}. */
export function optunaView(study) {
  const ms = (s) => (s === null ? null : s.slice(0, 23));
  return { ...study, trials: study.trials.map((t) => ({ ...t, datetime_start: ms(t.datetime_start), datetime_complete: ms(t.datetime_complete) })) };
}

/** Every study of a journal as wasmtune reads it. */
export function viewAll(storage) {
  return storage.getAllStudies().map((s) => viewOf(storage, s.studyId));
}
