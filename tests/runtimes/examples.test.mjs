// Every example under examples/ runs and learns: Node and Deno scripts, the
// workerd worker (built and served as its README says), the browser page
// given a CSV through its file input, and the tuning examples (tune.mjs in
// Node and Deno on one journal, browser/tune/ in Chromium's Web Workers).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { init, tune } from "../../dist/index.js";
import { serve } from "./serve.mjs";
import { withPage } from "./chromium.mjs";
import { fetchFromWorkerd } from "./workerd.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const examples = `${root}examples/`;
await init();

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stderr}`);
  return r.stdout;
}

test("examples/node fits the sine wave", () => {
  const out = run(process.execPath, ["examples/node/train.mjs"], root);
  const losses = [...out.matchAll(/loss (\S+)/g)].map((m) => Number(m[1]));
  assert.ok(losses.length >= 2, out);
  assert.ok(losses.at(-1) < losses[0] / 4, `loss did not fall: ${out}`);
});

test("examples/deno separates the two rings", () => {
  const out = run(`${root}node_modules/.bin/deno`, ["run", "--quiet", `--allow-read=${root}`, "train.ts"], `${examples}deno`);
  const accuracy = Number(out.match(/training accuracy ([\d.]+)%/)?.[1]);
  assert.ok(accuracy >= 90, out);
});

test("examples/worker trains inside workerd", async () => {
  const [{ epochs, losses }] = await fetchFromWorkerd({
    entries: [`${examples}worker/worker.js`],
    outdir: `${examples}worker/out`,
    config: `${examples}worker/config.capnp`,
    paths: ["/?epochs=40"],
  });
  assert.equal(epochs, 40);
  assert.equal(losses.length, 40);
  assert.ok(losses.at(-1) < losses[0] / 4, `loss did not fall: ${losses.join(", ")}`);
});

test("examples/browser trains on a CSV from its file input, reports the held-out AUC and refuses a non-binary target", async () => {
  const server = await serve(root);
  try {
    const auc = await withPage(async (page) => {
      await page.goto(`${server.url}examples/browser/`);
      await page.setInputFiles("#file", `${examples}browser/sample.csv`);
      const done = await page.waitForSelector("#auc[data-auc], #status.error", { timeout: 30_000 });
      assert.equal(await done.getAttribute("class"), null, `the page reported: ${await page.textContent("#status")}`);
      const value = Number(await done.getAttribute("data-auc"));
      await page.setInputFiles("#file", { name: "three.csv", mimeType: "text/csv", buffer: Buffer.from("a,label\n1,x\n2,y\n3,z\n") });
      await page.waitForSelector("#status.error", { timeout: 10_000 });
      assert.equal(await page.textContent("#status"), 'column "label" must hold two classes, it holds 3');
      return value;
    });
    assert.ok(auc > 0.9, `held-out AUC ${auc}`);
  } finally {
    await server.close();
  }
});

// The trials' start and end times show whether two ran at once.
function overlapping(trials) {
  return trials.some((a) => trials.some((b) => a !== b && a.datetimeStart < b.datetimeStart && b.datetimeStart < a.datetimeComplete));
}

test("examples/tune.mjs tunes in two workers in Node, then continues the same journal in Deno and Bun, and Optuna reads every trial", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmtune-tune-example-"));
  const log = join(dir, "study.log");
  const node = run(process.execPath, ["examples/tune.mjs", log, "12"], root);
  assert.match(node, /^12 trials in .* best validation loss ([\d.]+) with$/m);
  const deno = run(`${root}node_modules/.bin/deno`, ["run", "--quiet", "--allow-read", "--allow-write", "--allow-sys=hostname", "examples/tune.mjs", log, "6"], root);
  assert.match(deno, /^18 trials in /m);
  assert.match(run(`${root}node_modules/.bin/bun`, ["examples/tune.mjs", log, "4"], root), /^22 trials in /m);
  const study = await tune.loadStudy({ studyName: "rings", storage: `journal:${log}` });
  const trials = study.trials;
  assert.deepEqual(trials.map((t) => t.number), [...Array(22).keys()]);
  assert.ok(trials.every((t) => t.state === "COMPLETE" || t.state === "PRUNED"), trials.map((t) => t.state).join(" "));
  assert.ok(trials.some((t) => t.state === "PRUNED"), "the median pruner pruned nothing");
  assert.ok(overlapping(trials), "no two trials ran at the same time");
  assert.ok(study.bestValue < 0.3, `best validation loss ${study.bestValue}`);
  const py = spawnSync("/usr/bin/python3", ["-c", `import json, optuna
s = optuna.load_study(study_name="rings", storage=optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(${JSON.stringify(log)})))
print(json.dumps([[t.number, t.state.name, t.params, t.value] for t in s.trials]))`], { encoding: "utf8" });
  assert.equal(py.status, 0, py.stderr);
  assert.deepEqual(JSON.parse(py.stdout), trials.map((t) => [t.number, t.state, t.params, t.values[0]]));
});

test("examples/browser/tune runs its study in two Web Workers when the page is cross-origin isolated, and names the headers when it is not", async () => {
  const use = async (crossOriginIsolated, trials) => {
    const server = await serve(root, { crossOriginIsolated });
    try {
      return await withPage(async (page) => {
        await page.goto(`${server.url}examples/browser/tune/`);
        await page.fill("#trials", String(trials));
        await page.click("#start");
        const done = await page.waitForFunction(() => globalThis.study || document.querySelector("#status.error"), null, { timeout: 60_000 });
        await done.dispose();
        const status = await page.textContent("#status");
        const rows = await page.locator("#trials-table tr").count();
        const result = await page.evaluate(() =>
          globalThis.study?.trials.map((t) => ({ state: t.state, datetimeStart: t.datetimeStart.getTime(), datetimeComplete: t.datetimeComplete.getTime() })),
        );
        return { status, rows, trials: result };
      });
    } finally {
      await server.close();
    }
  };
  const isolated = await use(true, 12);
  assert.match(isolated.status, /^Best validation loss [\d.]+: \{"lr":/);
  assert.equal(isolated.rows, 12);
  assert.equal(isolated.trials.length, 12);
  assert.ok(isolated.trials.every((t) => t.state === "COMPLETE" || t.state === "PRUNED"), isolated.trials.map((t) => t.state).join(" "));
  assert.ok(overlapping(isolated.trials), "no two trials ran at the same time");
  const plain = await use(false, 2);
  assert.match(plain.status, /^wasmtune: tuning workers need SharedArrayBuffer.*Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp$/);
  assert.equal(plain.trials, undefined);
});
