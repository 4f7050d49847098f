// Convolutions against PyTorch in paired rounds: `node bench/paired.mjs
// [--rounds=N] [--only=ID,…] [--relaxed]` (ids of bench/conv_cases.mjs;
// default every case; --relaxed times the opt-in relaxed-SIMD build). The
// machine this project measures on is shared, and both peers'
// speeds move by a third between runs minutes apart (docs/performance.md),
// so one run's ratio of two figures taken minutes apart says little. Here a
// persistent torch process (bench/torch_peer.py --serve) and this process
// time the same layer back to back, round after round, alternating which
// goes first; each round gives one ratio of two figures seconds apart, and
// the median ratio over the rounds is the figure to quote, with its range.
// Beside it, the ratio of each peer's best round: a neighbour's load only
// ever slows a round down, so each peer's fastest round is its least
// disturbed one, and that ratio moves less from run to run.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { CONV_CASES } from "./conv_cases.mjs";
import { measureRate, summarize } from "./measure.mjs";

const USAGE = "usage: node bench/paired.mjs [--rounds=N] [--only=ID,…] [--relaxed]";
const args = process.argv.slice(2);
if (args.includes("--help")) {
  console.log(`${USAGE}\ncase ids: ${Object.keys(CONV_CASES).join(", ")}`);
  process.exit(0);
}
const value = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const bad = args.find((a) => !a.startsWith("--rounds=") && !a.startsWith("--only=") && a !== "--relaxed");
const rounds = Number(value("rounds") ?? 7);
const ids = value("only")?.split(",") ?? Object.keys(CONV_CASES);
const unknown = ids.find((id) => !(id in CONV_CASES));
if (bad !== undefined || !Number.isInteger(rounds) || rounds < 1 || unknown !== undefined) {
  console.error(`paired: ${bad !== undefined ? `unknown argument ${bad}` : unknown !== undefined ? `unknown case "${unknown}" (cases: ${Object.keys(CONV_CASES).join(", ")})` : `--rounds must be a whole number ≥ 1`}\n${USAGE}`);
  process.exit(2);
}
const relaxed = args.includes("--relaxed");
const { wtConv, relaxedSimd } = await import(relaxed ? "./wasmtune.mjs?relaxed" : "./wasmtune.mjs");
if (relaxed && !relaxedSimd) {
  console.error("paired: --relaxed, but this engine lacks relaxed SIMD");
  process.exit(2);
}

// One figure per peer and round: 3 samples of ≥0.2 s after warm-up.
const timing = { samples: 3, minTime: 0.2, warmup: 0.3, budget: 30 };
const script = fileURLToPath(new URL("./torch_peer.py", import.meta.url));
const py = spawn("/usr/bin/python3", [script, "--serve"], { env: { ...process.env, OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" }, stdio: ["pipe", "pipe", "inherit"] });
const replies = createInterface({ input: py.stdout })[Symbol.asyncIterator]();
async function torchRate(c, forward) {
  py.stdin.write(`${JSON.stringify({ case: c, forward, ...timing })}\n`);
  const { value: line, done } = await replies.next();
  if (done) throw new Error("paired: the torch peer stopped (is python3-torch installed?)");
  return JSON.parse(line).median;
}

const fmt = (x) => (x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toPrecision(2));
console.log(`${relaxed ? "relaxed-SIMD build; " : ""}${rounds} paired rounds per pass; samples/s (medians over the rounds), ×torch (median [min–max] of the rounds' ratios) and best ÷ best (each peer's fastest round)`);
console.log("| layer | pass | wasmtune | torch | ×torch | best ÷ best |\n| --- | --- | --- | --- | --- | --- |");
for (const id of ids) {
  const c = { id, ...CONV_CASES[id] };
  for (const forward of [false, true]) {
    const [step, dispose] = wtConv(c, forward);
    const ours = [], theirs = [], ratios = [];
    for (let r = 0; r < rounds; r++) {
      const wt = () => measureRate(step, c.batch, timing).median;
      let a, b;
      if (r % 2 === 0) {
        a = wt();
        b = await torchRate(c, forward);
      } else {
        b = await torchRate(c, forward);
        a = wt();
      }
      ours.push(a);
      theirs.push(b);
      ratios.push(a / b);
    }
    dispose();
    const q = summarize(ratios), a = summarize(ours), b = summarize(theirs);
    console.log(`| ${c.label}, batch ${c.batch} | ${forward ? "forward" : "fwd + bwd"} | ${fmt(a.median)} | ${fmt(b.median)} | ${q.median.toFixed(2)} [${q.min.toFixed(2)}–${q.max.toFixed(2)}] | ${(a.max / b.max).toFixed(2)} |`);
  }
}
py.stdin.end();
