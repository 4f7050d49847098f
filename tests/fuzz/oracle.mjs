// What the fuzz tests accept as a refusal, and how they collect failures.
import assert from "node:assert/strict";

/** Messages that betray an unchecked input rather than a deliberate refusal. */
const ENGINE = /Cannot read prop|Cannot set prop|is not a function|is not iterable|Invalid typed array length|Maximum call stack|allocation failed|Invalid array length|Cannot convert|Cannot create property|outside the bounds|out of memory|undefined \(reading|Offset is outside|Invalid (string|time) /;

/** Assert `e` is a deliberate refusal: a plain Error or TypeError whose message explains itself. */
export function refusal(e, what) {
  assert.ok(e instanceof Error && (e.constructor === Error || e.constructor === TypeError), `${what}: threw ${e?.constructor?.name}: ${e?.message ?? e}`);
  assert.doesNotMatch(e.message, ENGINE, `${what}: unclear error: ${e.message}`);
}

/** Failures by kind (digits folded), so one run reports every distinct problem once. */
export class Problems {
  seen = new Map();
  check(what, fn) {
    try {
      fn();
    } catch (e) {
      const key = String(e.message).split(what).join("").replace(/\d+/g, "N").slice(0, 160);
      if (!this.seen.has(key)) this.seen.set(key, `${what}: ${String(e.message).slice(0, 400)}`);
    }
  }
  assertNone() {
    assert.deepEqual([...this.seen.values()], []);
  }
}

/** Inputs are a few kB: external memory (ArrayBuffers) may not grow by 64 MB while they are read. */
export function memoryGuard() {
  const base = process.memoryUsage().arrayBuffers;
  return (what) => {
    const grown = process.memoryUsage().arrayBuffers - base;
    assert.ok(grown < 64 * 2 ** 20, `${what}: ${(grown / 2 ** 20).toFixed(1)} MB of ArrayBuffers allocated`);
  };
}
