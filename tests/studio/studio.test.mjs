// `wasmtune studio` in Chromium: the page trains breast_cancer from a real
// file upload in its worker, shows a test ROC AUC of at least 0.99 and offers
// the model and the report; nothing is requested beyond the local server and
// the server serves nothing outside its own files.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { request } from "node:http";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { withPage } from "../runtimes/chromium.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cancer = `${root}../shared/datasets/breast_cancer.csv`;
let server;
let base;

before(async () => {
  server = spawn(process.execPath, [`${root}bin/wasmtune.mjs`, "studio", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  base = await new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (d) => {
      out += d;
      const m = /wasmtune studio at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
    server.once("exit", (code) => reject(new Error(`studio exited with ${code}: ${out}`)));
  });
});
after(() => server.kill());

/** GET a raw path (sent as written, no URL normalisation): `{ status, body }`. */
function get(path) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    request({ hostname, port, path, method: "GET" }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode, body, headers: res.headers }));
    })
      .on("error", reject)
      .end();
  });
}

test("the studio listens on 127.0.0.1 and serves only its own files", async () => {
  assert.match(base, /^http:\/\/127\.0\.0\.1:/);
  const home = await get("/");
  assert.equal(home.status, 302);
  assert.equal(home.headers.location, "/dist/studio/");
  const page = await get("/dist/studio/");
  assert.equal(page.status, 200);
  assert.match(page.body, /<title>wasmtune studio<\/title>/);
  assert.match(page.headers["content-security-policy"], /default-src 'none'; script-src 'self'/);
  assert.equal((await get("/dist/wasmtune.wasm")).headers["content-type"], "application/wasm");
  assert.equal((await get("/build/wasmtune.js")).status, 200, "the bindings dist/runtime/wasm.js imports");
  for (const path of ["/package.json", "/../package.json", "/%2e%2e/package.json", "/dist/%2E%2E/package.json", "/dist/..%2fpackage.json", "/dist/..\\package.json", "//etc/passwd", "/%2fetc%2fpasswd", "/etc/passwd", "/dist/index.js%00.html", "/%E0%A4%A", "/src/index.ts", "/node_modules/echarts/package.json"]) {
    const r = await get(path);
    assert.equal(r.status, 404, path);
    assert.ok(!r.body.includes('"name"') && !r.body.includes("root:"), path);
  }
  const post = await new Promise((resolve) => request(`${base}dist/index.js`, { method: "POST" }, resolve).end());
  assert.equal(post.statusCode, 405);
});

test("the studio trains breast_cancer from an uploaded file with live curves, a test ROC AUC >= 0.99 and both downloads, offline", async () => {
  await withPage(async (page) => {
    const requests = [];
    const problems = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(base);
    await page.setInputFiles("#file", cancer);
    await page.waitForFunction(() => document.querySelectorAll("#target option").length > 0);
    assert.equal(await page.inputValue("#target"), "label");
    await page.click("#train");
    await page.waitForFunction(() => /epoch \d+/.test(document.getElementById("epoch").textContent), null, { timeout: 60_000 });
    const scores = page.locator("#scores");
    await scores.filter({ hasText: "ROC AUC" }).waitFor({ timeout: 180_000 });
    const auc = Number(/test ROC AUC (\d\.\d+)/.exec(await scores.textContent())[1]);
    assert.ok(auc >= 0.99, `test ROC AUC ${auc}`);
    // The curves chart draws every logged series; ROC, PR and the confusion matrix are drawn.
    const curves = await page.locator("#curves").innerHTML();
    assert.equal([...curves.matchAll(/<path [^>]*stroke-linejoin="bevel"/g)].length, 6, "loss, auc, accuracy and their val_ twins");
    for (const id of ["roc", "pr", "confusion"]) assert.ok(await page.locator(`#${id}`).getAttribute("_echarts_instance_"), id);
    assert.match(await page.textContent("#status"), /^done: \d+ epochs/);
    // The doctor watched the run: a clean, well-tuned run has no warning or error.
    const findings = await page.locator("#findings li").allTextContents();
    assert.ok(findings.length > 0, "the diagnosis is shown");
    assert.deepEqual(findings.filter((f) => /^(error|warning) /.test(f)), [], findings.join("\n"));

    const [model] = await Promise.all([page.waitForEvent("download"), page.click("#download-model")]);
    assert.equal(model.suggestedFilename(), "breast_cancer.safetensors");
    const bytes = readFileSync(await model.path());
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString("utf8"));
    assert.deepEqual(header["0.weight"].shape, [64, 30]);
    assert.equal(header.__metadata__.target, "label");
    const [reportFile] = await Promise.all([page.waitForEvent("download"), page.click("#download-report")]);
    const html = readFileSync(await reportFile.path(), "utf8");
    assert.deepEqual([...html.matchAll(/<section id="([\w-]+)">/g)].map((m) => m[1]), ["findings", "training", "evaluation", "model"]);
    assert.ok(html.includes(`AUC ${auc.toFixed(4)}`));

    const foreign = requests.filter((u) => !u.startsWith(base) && !u.startsWith("blob:") && !u.startsWith("data:"));
    assert.deepEqual(foreign, [], "requests beyond the studio's server");
    assert.deepEqual(problems, []);
  });
});

test("the studio tunes (TPE, median pruning) with live study charts, then trains the best configuration; the report has the study", async () => {
  await withPage(async (page) => {
    const problems = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(base);
    await page.setInputFiles("#file", cancer);
    await page.waitForFunction(() => document.querySelectorAll("#target option").length > 0);
    await page.fill("#trials", "6");
    await page.fill("#epochs", "20");
    await page.click("#tune");
    await page.waitForFunction(() => /^trial \d+ \/ 6/.test(document.getElementById("epoch").textContent), null, { timeout: 60_000 });
    await page.waitForFunction(() => /^done/.test(document.getElementById("status").textContent), null, { timeout: 240_000 });
    for (const id of ["study-history", "study-intermediate", "importances", "curves", "roc"]) assert.ok(await page.locator(`#${id}`).getAttribute("_echarts_instance_"), id);
    const history = await page.locator("#study-history").innerHTML();
    assert.equal([...history.matchAll(/<path [^>]*stroke-linejoin="bevel"/g)].length, 1, "best so far");
    assert.match(await page.textContent("#scores"), /test ROC AUC 0\.9\d+/);
    const [reportFile] = await Promise.all([page.waitForEvent("download"), page.click("#download-report")]);
    const html = readFileSync(await reportFile.path(), "utf8");
    assert.deepEqual([...html.matchAll(/<section id="([\w-]+)">/g)].map((m) => m[1]), ["findings", "training", "evaluation", "tuning", "model"]);
    assert.match(html, /<p>6 trials: \d complete, \d pruned, 0 failed\.<\/p>/);
    assert.deepEqual(problems, []);
  });
});
