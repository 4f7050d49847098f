// Timing for the benchmark suite. Times are process CPU time (user + system),
// not wall time: the machine is shared, and CPU time is not inflated while
// other jobs hold the cores. Every peer here runs on one thread, so CPU time
// is also its compute time.

/** Seconds of CPU time this process has used. */
export function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Time `fn` and return {min, median, max} of `work / seconds-per-call` over
 * `samples` samples. Calls first run for `warmup` seconds, so that V8 has
 * replaced its baseline (Liftoff) code with optimised code in every peer. A
 * sample repeats `fn` until it has run for about `minTime` seconds, so short
 * calls are timed in bulk; calls so slow that `samples` samples would exceed
 * `budget` seconds get fewer samples (at least 3).
 */
export function measureRate(fn, work, { samples, minTime, warmup, budget = Infinity }) {
  const start = cpuSeconds();
  let calls = 0;
  let one;
  do {
    const t0 = cpuSeconds();
    fn();
    one = cpuSeconds() - t0;
    calls++;
  } while (cpuSeconds() - start < warmup && one < warmup / 2);
  // The warm-up average overestimates a warm call, which errs on short samples.
  const perCall = (cpuSeconds() - start) / calls;
  const batch = Math.max(1, Math.round(minTime / perCall));
  const count = Math.max(3, Math.min(samples, Math.floor(budget / (perCall * batch))));
  const rates = [];
  for (let s = 0; s < count; s++) {
    const t0 = cpuSeconds();
    for (let i = 0; i < batch; i++) fn();
    rates.push((work * batch) / (cpuSeconds() - t0));
  }
  return summarize(rates);
}

/**
 * Median seconds per call of each of `fns` (an A/B of builds in one process):
 * each is first called for `warmup` seconds, which also sizes the rounds; then
 * `rounds` rounds call them in turn, each repeating a fn for about `minTime`
 * seconds, so that a change of load hits all of them alike.
 */
export function alternate(fns, { rounds, minTime, warmup }) {
  const perCall = fns.map((fn) => {
    const t0 = cpuSeconds();
    let calls = 0;
    while (cpuSeconds() - t0 < warmup) (fn(), calls++);
    return (cpuSeconds() - t0) / calls;
  });
  const times = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, i) => {
      const calls = Math.max(1, Math.round(minTime / perCall[i]));
      const t0 = cpuSeconds();
      for (let j = 0; j < calls; j++) fn();
      times[i].push((cpuSeconds() - t0) / calls);
    });
  }
  return times.map((t) => summarize(t).median);
}

/** {min, median, max} of a list of numbers. */
export function summarize(values) {
  const v = values.slice().sort((a, b) => a - b);
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { min: v[0], median, max: v[v.length - 1] };
}
