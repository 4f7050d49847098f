/** Python's `round(x)` to an integer: halves go to the even neighbour (`round(2.5) == 2`), unlike `Math.round`. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}
