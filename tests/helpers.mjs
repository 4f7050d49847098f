// Shared test helpers: loading the built package and comparing numbers.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

export * as wt from "../dist/index.js";
import { init } from "../dist/index.js";

await init();

/** Read a JSON fixture from tests/fixtures. */
export function fixture(name) {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));
}

/** Assert |a-b| <= atol + rtol*|b| elementwise, naming the first bad index. */
export function assertClose(actual, expected, { rtol = 1e-5, atol = 1e-6, msg = "" } = {}) {
  const a = Array.from(actual.flat ? actual.flat(Infinity) : actual);
  const e = Array.from(expected.flat ? expected.flat(Infinity) : expected);
  assert.equal(a.length, e.length, `${msg} length ${a.length} != ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    const ok = Object.is(a[i], e[i]) || Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]);
    if (!ok) assert.fail(`${msg} index ${i}: got ${a[i]}, expected ${e[i]} (rtol ${rtol}, atol ${atol})`);
  }
}

/** Odd and even sizes that exercise SIMD bodies and scalar tails. */
export const SIZES = [1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 33, 37, 64, 100, 1023];
