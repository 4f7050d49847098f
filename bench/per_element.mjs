// Per-element timing shared by the kernel benchmarks that also run in Deno
// and Bun (`bench/layers.mjs`, `bench/shape_ops.mjs`): CPU time where the
// runtime reports it, wall time otherwise.
const cpu = globalThis.process?.cpuUsage ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e3; } : () => performance.now();

/** Median ns per element of `fn` over `elements` elements: 5 samples of ~20 ms after 0.1 s of warm-up. */
export function nsPerElement(fn, elements) {
  for (const end = cpu() + 100; cpu() < end;) fn();
  const ns = [];
  for (let s = 0; s < 5; s++) {
    let calls = 0;
    const t0 = cpu();
    do { fn(); calls++; } while (cpu() - t0 < 20);
    ns.push(((cpu() - t0) * 1e6) / (calls * elements));
  }
  return ns.sort((a, b) => a - b)[2];
}
