// Runs workers in Cloudflare's workerd: bundles their entries with esbuild
// (resolving `wasmtune` through the package's own exports map under the
// workerd conditions, the .wasm import left for workerd), serves the config
// on a free loopback port, fetches the given paths and stops workerd.
import { build } from "esbuild";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const workerd = fileURLToPath(new URL("../../node_modules/.bin/workerd", import.meta.url));

/** Bundle `entries` into `outdir`, serve `config` (which embeds the bundles) and return the JSON answer to each of `paths`. */
export async function fetchFromWorkerd({ entries, outdir, config, paths = ["/"] }) {
  await build({
    entryPoints: entries,
    outdir,
    bundle: true,
    format: "esm",
    conditions: ["workerd", "worker", "browser"],
    external: ["*.wasm"],
    logLevel: "warning",
  });
  const port = await freePort();
  const proc = spawn(workerd, ["serve", config, `--socket-addr=http=127.0.0.1:${port}`], {
    cwd: dirname(config),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  proc.stdout.on("data", (d) => (log += d));
  proc.stderr.on("data", (d) => (log += d));
  try {
    const answers = [];
    for (const path of paths) {
      const res = await fetchWhenUp(`http://127.0.0.1:${port}${path}`, proc, () => log);
      const body = await res.text();
      if (!res.ok) throw new Error(`workerd answered HTTP ${res.status} to ${path}: ${body}\n${log}`);
      answers.push(JSON.parse(body));
    }
    return answers;
  } finally {
    proc.kill();
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
