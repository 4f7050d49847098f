// Formatting of the suite's results: one table per section, each figure as
// "median (min–max)" and, for peers, the ratio wasmtune / peer of medians.

// "tfjs-wasm + cpu fallback": tfjs-backend-wasm with the kernels it lacks run by tfjs-backend-cpu (bench/tfjs.mjs).
export const PEERS = ["wasmtune", "wasmtune relaxed", "tfjs-wasm", "tfjs-wasm + cpu fallback", "tfjs-cpu", "plain JS", "torch"];

function fmt(x) {
  if (x >= 1e4) return x.toExponential(2);
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

/** "median (min–max)", plus " ×ratio" against wasmtune's median for a peer. */
function cell(stats, ours) {
  if (!stats) return "–";
  const base = `${fmt(stats.median)} (${fmt(stats.min)}–${fmt(stats.max)})`;
  return ours && ours !== stats ? `${base} ×${(ours.median / stats.median).toFixed(2)}` : base;
}

/** Rows of one section as aligned text; columns are the peers that have any figure. */
export function formatSection(title, rows) {
  const peers = PEERS.filter((p) => rows.some((r) => r.results[p]));
  const table = [["case", ...peers], ...rows.map((r) => [r.label, ...peers.map((p) => cell(r.results[p], r.results.wasmtune))])];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const lines = table.map((row) => row.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join("  "));
  return [`${title} (${rows[0].unit}, higher is better; median (min–max), ×wasmtune/peer)`, ...lines].join("\n");
}
