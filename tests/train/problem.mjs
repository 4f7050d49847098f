// A small binary classification problem drawn from its own generator
// (independent of the default one), shared by the fit tests.
import { wt } from "../helpers.mjs";
const { Generator } = wt;

/** `{ x: { data, shape: [rows, features] }, y }` with 0/1 labels from a noisy linear rule. */
export function problem(rows = 90, features = 5, seed = 123) {
  const g = new Generator(seed);
  const x = new Float32Array(rows * features);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < features; j++) s += (x[i * features + j] = g.normal()) * (j % 2 ? 1 : -0.5);
    y[i] = s + 0.3 * g.normal() > 0 ? 1 : 0;
  }
  return { x: { data: x, shape: [rows, features] }, y };
}
