/** torchvision's padding modes: a constant fill, the edge value repeated, the image mirrored without or with its edge. */
export type PaddingMode = "constant" | "edge" | "reflect" | "symmetric";

const MODES: readonly PaddingMode[] = ["constant", "edge", "reflect", "symmetric"];

/** Padding as torchvision takes it: all sides, `[left/right, top/bottom]`, or `[left, top, right, bottom]`. */
export type Padding = number | readonly [number] | readonly [number, number] | readonly [number, number, number, number];

/** `[left, top, right, bottom]` from torchvision's padding forms, refusing what torchvision refuses (and negative sizes). */
export function parsePadding(who: string, padding: Padding): [number, number, number, number] {
  const p = typeof padding === "number" ? [padding] : padding;
  if (!Array.isArray(p)) throw new TypeError(`wasmtune: ${who}: Got inappropriate padding arg ${JSON.stringify(padding)}`);
  if (![1, 2, 4].includes(p.length)) throw new Error(`wasmtune: ${who}: Padding must be an int or a 1, 2, or 4 element tuple, not a ${p.length} element tuple`);
  if (!p.every((v) => Number.isInteger(v) && v >= 0)) throw new Error(`wasmtune: ${who}: padding must be non-negative integers, got ${JSON.stringify(padding)}`);
  if (p.length === 1) return [p[0], p[0], p[0], p[0]];
  if (p.length === 2) return [p[0], p[1], p[0], p[1]];
  return [p[0], p[1], p[2], p[3]];
}

/** Refuse a padding mode torchvision does not know, in its words. */
export function checkPaddingMode(who: string, mode: unknown): asserts mode is PaddingMode {
  if (!MODES.includes(mode as PaddingMode)) throw new Error(`wasmtune: ${who}: Padding mode should be either constant, edge, reflect or symmetric, got ${JSON.stringify(mode)}`);
}

/**
 * Pad an axis whose positions map to `table` (source indices, -1 for the
 * fill value) by `before` and `after` positions: the padded axis's table.
 * Mirroring works on positions, so padding twice (RandomCrop's `padding`
 * then `padIfNeeded`) mirrors the first padding as torchvision does.
 * `reflect` needs pads shorter than the axis and `symmetric` no longer than
 * it, as `torch.nn.functional.pad` and torchvision's symmetric padding.
 */
export function padAxis(who: string, table: Int32Array, before: number, after: number, mode: PaddingMode, axis: "height" | "width"): Int32Array {
  const n = table.length;
  const limit = mode === "reflect" ? n - 1 : mode === "symmetric" ? n : Infinity;
  if (Math.max(before, after) > limit) {
    const bound = mode === "reflect" ? "less than" : "at most";
    throw new Error(`wasmtune: ${who}: ${mode} padding (${before}, ${after}) should be ${bound} the ${axis} it pads, but got ${axis} ${n}`);
  }
  const out = new Int32Array(n + before + after);
  for (let i = 0; i < out.length; i++) {
    const k = i - before;
    out[i] = k >= 0 && k < n ? table[k] : mode === "constant" ? -1 : table[mirror(k, n, mode)];
  }
  return out;
}

/** The position inside [0, n) that padding position k (outside it) repeats. */
function mirror(k: number, n: number, mode: Exclude<PaddingMode, "constant">): number {
  if (mode === "edge") return k < 0 ? 0 : n - 1;
  if (mode === "reflect") return k < 0 ? -k : 2 * (n - 1) - k;
  return k < 0 ? -k - 1 : 2 * n - 1 - k;
}

/** The identity table of an axis of n positions. */
export function axisIdentity(n: number): Int32Array {
  const t = new Int32Array(n);
  for (let i = 0; i < n; i++) t[i] = i;
  return t;
}
