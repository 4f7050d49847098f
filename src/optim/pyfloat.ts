/**
 * Format a number as Python's `repr(float)` does (`1.0`, `-0.1`, `1e-08`,
 * `1e+16`, `inf`, `nan`), so error messages read exactly like PyTorch's.
 * Both languages print the shortest digits that round-trip; they differ only
 * in when they switch to exponent notation and how they write it.
 */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [digits, expText] = x.toExponential().split("e");
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${digits}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  const fixed = x.toString();
  return fixed.includes(".") ? fixed : `${fixed}.0`;
}
