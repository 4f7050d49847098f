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
  // glibc's malloc mmaps large blocks and trims the heap's top, so that torch's outputs came back
  // as fresh pages to fault in: with the cases' rounds interleaved (bench/paired.mjs), Fashion conv1
  // at batch 128 ran 4× slower per sample than at batch 64. Fixed thresholds keep its pages mapped.
  const env = { ...process.env, OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1", MALLOC_MMAP_THRESHOLD_: String(2 ** 30), MALLOC_TRIM_THRESHOLD_: String(2 ** 32) };
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
 * One paired round: `step` (one call = `c.batch` samples) and torch's same
 * case, one measurement of `timing` each, ours first when `oursFirst`.
 * Resolves to [ours, theirs] samples/s.
 */
async function pairedRound(step, c, forward, server, timing, oursFirst) {
  const wt = () => measureRate(step, c.batch, timing).median;
  if (oursFirst) {
    const a = wt();
    return [a, await server.rate(c, forward, timing)];
  }
  const b = await server.rate(c, forward, timing);
  return [wt(), b];
}

/**
 * The summary of paired rounds ([ours, theirs] samples/s each): {ours,
 * theirs} ({min, median, max} samples/s), `ratios` (the rounds' ours ÷
 * theirs), `rounds` (as given) and `best` (ours' fastest round ÷ theirs': a
 * neighbour's load only ever slows a round down, so each peer's fastest
 * round is its least disturbed one).
 */
export function summarizeRounds(rounds) {
  const o = summarize(rounds.map(([a]) => a)), t = summarize(rounds.map(([, b]) => b));
  return { ours: o, theirs: t, ratios: summarize(rounds.map(([a, b]) => a / b)), rounds, best: o.max / t.max };
}

/**
 * Paired rounds of several cases spread over the run: `rounds` sweeps, each
 * timing every entry ({c, forward}) once, its step built afresh by
 * make(c, forward) → [step, dispose], ours first in even sweeps, so that a
 * slow spell of the machine (which can last a minute and slow one peer's code
 * more than the other's, docs/performance.md) reaches a few rounds of every
 * case instead of all rounds of one. Resolves to each entry's rounds
 * ([ours, theirs] samples/s), in the entries' order.
 */
export async function sweptRounds(entries, make, server, { rounds, timing }) {
  const each = entries.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [i, { c, forward }] of entries.entries()) {
      const [step, dispose] = make(c, forward);
      try {
        each[i].push(await pairedRound(step, c, forward, server, timing, r % 2 === 0));
      } finally {
        dispose();
      }
    }
  }
  return each;
}
