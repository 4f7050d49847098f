// The opt-in relaxed-SIMD build on real hardware. Node 20 enables relaxed
// SIMD only behind a V8 flag, so the build runs in a child Node
// (relaxed_simd_run.mjs) started with the flag when this one lacks it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const relaxed = readFileSync(new URL("../../dist/wasmtune.relaxed.wasm", import.meta.url));
const script = fileURLToPath(new URL("./relaxed_simd_run.mjs", import.meta.url));

test("the relaxed build passes the GEMM and loading suites, and where its multiply-add is fused the optimizer and layer torch-bit suites", (t) => {
  const flags = WebAssembly.validate(relaxed) ? [] : ["--experimental-wasm-relaxed-simd"];
  const env = { ...process.env };
  // Without the runner's context variable the child reports in plain TAP.
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(process.execPath, [...flags, "--test-reporter=tap", script], { env, encoding: "utf8", timeout: 60_000 });
  const failures = r.stdout.split("\n").filter((line) => line.startsWith("not ok"));
  assert.equal(r.status, 0, `the relaxed build failed (${r.error?.message ?? `exit ${r.status}`}):\n${failures.join("\n")}\n${r.stderr}\n${r.stdout.slice(-3000)}`);
  const passed = Number(/^# pass (\d+)$/m.exec(r.stdout)?.[1]);
  // The torch-bit suites are skipped only where relaxed_madd is unfused (no FMA hardware).
  const fused = !/relaxed_madd is not fused/.test(r.stdout);
  assert.ok(passed >= (fused ? 50 : 20), `only ${passed} tests ran on the relaxed build:\n${r.stdout.slice(-3000)}`);
  assert.match(r.stdout, /^# fail 0$/m);
  t.diagnostic(`${passed} tests passed on the relaxed build${flags.length ? ` (node ${flags.join(" ")})` : ""}${fused ? "" : "; relaxed_madd unfused here"}`);
});
