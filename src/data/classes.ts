/** Sorted distinct labels and each sample's position among them, like `np.unique(y, return_inverse=True)`. */
export interface EncodedClasses<L extends number | string = number | string> {
  classes: L[];
  codes: Int32Array;
  /** Samples per class. */
  counts: Int32Array;
}

/** Encode labels (numbers, or strings compared by UTF-16 code units as NumPy does) as class indices. */
export function encodeClasses<L extends number | string>(labels: ArrayLike<L>): EncodedClasses<L> {
  const distinct = [...new Set(Array.from(labels))];
  const numeric = distinct.every((v) => typeof v === "number");
  if (!numeric && !distinct.every((v) => typeof v === "string")) throw new Error("wasmtune: labels must be all numbers or all strings");
  if (numeric && distinct.some((v) => Number.isNaN(v))) throw new Error("wasmtune: labels contain NaN");
  const classes = numeric ? distinct.sort((a, b) => (a as number) - (b as number)) : distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const position = new Map(classes.map((c, i) => [c, i] as const));
  const codes = new Int32Array(labels.length);
  const counts = new Int32Array(classes.length);
  for (let i = 0; i < labels.length; i++) {
    const c = position.get(labels[i]) as number;
    codes[i] = c;
    counts[c]++;
  }
  return { classes, codes, counts };
}
