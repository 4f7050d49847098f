// Convolutions against PyTorch in paired rounds: `node bench/paired.mjs
// [--rounds=N] [--only=ID,…] [--relaxed] [--json]` (ids of bench/conv_cases.mjs;
// default every case; --relaxed times the opt-in relaxed-SIMD build; --json
// prints one JSON line per case and pass, with every round's figures, to pool
// rounds over several runs). Each
// round times both peers on the same layer seconds apart
// (bench/paired_rounds.mjs); the median ratio over the rounds is the figure
// to quote, with its range, and beside it the ratio of each peer's best round,
// which moves less from run to run. The rounds are spread over the whole run
// (sweptRounds: each sweep times every case and pass once).
import { CONV_CASES } from "./conv_cases.mjs";
import { summarizeRounds, sweptRounds, torchServer } from "./paired_rounds.mjs";

const USAGE = "usage: node bench/paired.mjs [--rounds=N] [--only=ID,…] [--relaxed] [--json]";
const args = process.argv.slice(2);
if (args.includes("--help")) {
  console.log(`${USAGE}\ncase ids: ${Object.keys(CONV_CASES).join(", ")}`);
  process.exit(0);
}
const value = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const bad = args.find((a) => !a.startsWith("--rounds=") && !a.startsWith("--only=") && a !== "--relaxed" && a !== "--json");
const rounds = Number(value("rounds") ?? 7);
const ids = value("only")?.split(",") ?? Object.keys(CONV_CASES);
const unknown = ids.find((id) => !(id in CONV_CASES));
if (bad !== undefined || !Number.isInteger(rounds) || rounds < 1 || unknown !== undefined) {
  console.error(`paired: ${bad !== undefined ? `unknown argument ${bad}` : unknown !== undefined ? `unknown case "${unknown}" (cases: ${Object.keys(CONV_CASES).join(", ")})` : `--rounds must be a whole number ≥ 1`}\n${USAGE}`);
  process.exit(2);
}
const relaxed = args.includes("--relaxed"), json = args.includes("--json");
const { wtConv, relaxedSimd } = await import(relaxed ? "./wasmtune.mjs?relaxed" : "./wasmtune.mjs");
if (relaxed && !relaxedSimd) {
  console.error("paired: --relaxed, but this engine lacks relaxed SIMD");
  process.exit(2);
}

// One figure per peer and round: 3 samples of ≥0.2 s after warm-up.
const timing = { samples: 3, minTime: 0.2, warmup: 0.3, budget: 30 };
const torch = torchServer();

const fmt = (x) => (x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toPrecision(2));
if (!json) {
  console.log(`${relaxed ? "relaxed-SIMD build; " : ""}${torch.cpu === undefined ? "not pinned" : `both on CPU ${torch.cpu}`}; ${rounds} paired rounds per pass, spread over the run; samples/s (medians over the rounds), ×torch (median [min–max] of the rounds' ratios) and best ÷ best (each peer's fastest round)`);
  console.log("| layer | pass | wasmtune | torch | ×torch | best ÷ best |\n| --- | --- | --- | --- | --- | --- |");
}
const entries = ids.flatMap((id) => [false, true].map((forward) => ({ c: { id, ...CONV_CASES[id] }, forward })));
const swept = await sweptRounds(entries, wtConv, torch, { rounds, timing });
for (const [i, { c, forward }] of entries.entries()) {
  const { ours: a, theirs: b, ratios: q, best } = summarizeRounds(swept[i]);
  if (json) console.log(JSON.stringify({ id: c.id, forward, relaxed, rounds: swept[i] }));
  else console.log(`| ${c.label}, batch ${c.batch} | ${forward ? "forward" : "fwd + bwd"} | ${fmt(a.median)} | ${fmt(b.median)} | ${q.median.toFixed(2)} [${q.min.toFixed(2)}–${q.max.toFixed(2)}] | ${best.toFixed(2)} |`);
}
torch.close();
