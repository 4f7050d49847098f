// Convolutions timed against PyTorch in paired rounds, for bench/paired.mjs
// and the suite's convolution rows (bench/run.mjs). The machine this project
// measures on is shared, and both peers' speeds move by a third between runs
// minutes apart (docs/performance.md), so a ratio of two figures taken
// minutes apart says little. Here a persistent torch process
// (bench/torch_peer.py --serve) and this process time the same layer back to
// back, round after round, alternating which goes first, so that each round
// gives a ratio of two figures seconds apart. Both processes run on the same
// CPU (pinOneCpu).
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { measureRate, summarize } from "./measure.mjs";

/**
 * Pin this process (all its threads) to the first CPU it may run on, so that
 * the torch peer, which inherits the mask, runs on the same one; returns that
 * CPU, or undefined off Linux or without `taskset` (util-linux). The two
 * vCPUs of the machine this project measures on slow down at different times,
 * for seconds to minutes, and the scheduler tends to keep each process on its
 * own: unpinned, our 1×1 layer once ran at half speed through all 11 rounds
 * while torch's did not (docs/performance.md).
 */
function pinOneCpu() {
  if (process.platform !== "linux") return undefined;
  const allowed = /Cpus_allowed_list:\s*(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
  if (allowed === undefined) return undefined;
  const r = spawnSync("taskset", ["-a", "-p", "-c", allowed, String(process.pid)], { encoding: "utf8" });
  return r.status === 0 ? Number(allowed) : undefined;
}

/**
 * Start the torch peer's server: `rate(case, forward, timing)` resolves to
 * torch's median samples/s for one measurement of that convolution case
 * (forward only, or forward + backward); `close()` ends the process; `cpu`
 * is the CPU both run on (undefined: not pinned).
 */
export function torchServer() {
  const cpu = pinOneCpu();
  const script = fileURLToPath(new URL("./torch_peer.py", import.meta.url));
  const env = { ...process.env, OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  const py = spawn("/usr/bin/python3", [script, "--serve"], { env, stdio: ["pipe", "pipe", "inherit"] });
  const replies = createInterface({ input: py.stdout })[Symbol.asyncIterator]();
  return {
    cpu,
    async rate(c, forward, timing) {
      py.stdin.write(`${JSON.stringify({ case: c, forward, ...timing })}\n`);
      const { value: line, done } = await replies.next();
      if (done) throw new Error("the torch peer stopped (is python3-torch installed?)");
      return JSON.parse(line).median;
    },
    close() {
      py.stdin.end();
    },
  };
}

/**
 * Time `step` (one call = `c.batch` samples) and torch's same case in
 * `rounds` alternating rounds, each peer one measurement of `timing` a round.
 * Returns {ours, theirs} ({min, median, max} samples/s over the rounds),
 * `ratios` (the rounds' ours ÷ theirs), `rounds` (each round's
 * [ours, theirs] samples/s) and `best` (ours' fastest round ÷
 * theirs': a neighbour's load only ever slows a round down, so each peer's
 * fastest round is its least disturbed one).
 */
export async function pairedRounds(step, c, forward, server, { rounds, timing }) {
  const ours = [], theirs = [], ratios = [];
  for (let r = 0; r < rounds; r++) {
    const wt = () => measureRate(step, c.batch, timing).median;
    let a, b;
    if (r % 2 === 0) {
      a = wt();
      b = await server.rate(c, forward, timing);
    } else {
      b = await server.rate(c, forward, timing);
      a = wt();
    }
    ours.push(a);
    theirs.push(b);
    ratios.push(a / b);
  }
  const o = summarize(ours), t = summarize(theirs);
  return { ours: o, theirs: t, ratios: summarize(ratios), rounds: ours.map((a, r) => [a, theirs[r]]), best: o.max / t.max };
}
