// Every example under examples/ runs and learns: Node and Deno scripts, the
// workerd worker (built and served as its README says) and the browser page
// given a CSV through its file input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";
import { withPage } from "./chromium.mjs";
import { fetchFromWorkerd } from "./workerd.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const examples = `${root}examples/`;

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
