// Bundles workerd/worker.js with esbuild (resolving `wasmtune` through the
// package's own exports map with the workerd conditions), starts workerd on
// a free loopback port, fetches one response and stops it.
import { build } from "esbuild";
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const here = fileURLToPath(new URL("./workerd/", import.meta.url));

/** Serve workerd/worker.js in workerd and return its parsed JSON answer. */
export async function fetchFromWorkerd() {
  const dir = mkdtempSync(join(tmpdir(), "wasmtune-workerd-"));
  try {
    await build({
      entryPoints: [join(here, "worker.js")],
      outfile: join(dir, "worker.js"),
      bundle: true,
      format: "esm",
      conditions: ["workerd", "worker", "browser"],
      external: ["*.wasm"],
      logLevel: "warning",
    });
    copyFileSync(join(here, "config.capnp"), join(dir, "config.capnp"));
    copyFileSync(join(root, "dist/wasmtune.wasm"), join(dir, "wasmtune.wasm"));
    const port = await freePort();
    const proc = spawn(join(root, "node_modules/.bin/workerd"), ["serve", "config.capnp", `--socket-addr=http=127.0.0.1:${port}`], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    proc.stdout.on("data", (d) => (log += d));
    proc.stderr.on("data", (d) => (log += d));
    try {
      const res = await fetchWhenUp(`http://127.0.0.1:${port}/`, proc, () => log);
      const body = await res.text();
      if (!res.ok) throw new Error(`workerd answered HTTP ${res.status}: ${body}\n${log}`);
      return JSON.parse(body);
    } finally {
      proc.kill();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// workerd prints nothing when it is ready, so poll (bounded: 20 s).
async function fetchWhenUp(url, proc, log) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`workerd exited with code ${proc.exitCode}:\n${log()}`);
    try {
      return await fetch(url);
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`workerd did not answer on ${url}: ${err.message}\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
