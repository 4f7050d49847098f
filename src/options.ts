// One place that refuses option keys the code does not know. A misspelt or
// snake_case key (PyTorch's `weight_decay`) would otherwise be ignored in
// silence and the run would differ from what the user asked for.

/** camelCase form of a snake_case name (`weight_decay` → `weightDecay`). */
function camel(name: string): string {
  return name.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Edit distance, case-insensitive (short option names only, so the quadratic table is fine). */
function distance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** The known name closest to `key`, or undefined when none is plausibly meant. */
export function closestName(key: string, known: readonly string[]): string | undefined {
  const c = camel(key);
  const exact = known.find((k) => k === c || k.toLowerCase() === key.toLowerCase() || k.toLowerCase() === c.toLowerCase());
  if (exact !== undefined) return exact;
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = Math.min(distance(key, k), distance(c, k));
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/**
 * Throw a `TypeError` naming the first key of `options` that is not in
 * `known`, and the closest valid one:
 * `Adam: unknown option 'weight_decay' — did you mean 'weightDecay'?`.
 * Then, as Python does for a missing argument, one naming the first of
 * `required` that is absent or undefined:
 * `StepLR: missing required option 'stepSize'`.
 * `options` may be undefined (nothing given); anything else that is not a
 * plain object is refused too.
 */
export function checkOptions(who: string, options: unknown, known: readonly string[], required: readonly string[] = []): void {
  if (options !== undefined && (options === null || typeof options !== "object" || Array.isArray(options))) {
    throw new TypeError(`${who}: options must be an object, got ${options === null ? "null" : Array.isArray(options) ? "an array" : typeof options}`);
  }
  const given = (options ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (known.includes(key)) continue;
    const near = closestName(key, known);
    const hint =
      near !== undefined ? ` — did you mean '${near}'?` : known.length === 0 ? " (it takes no options)" : ` (valid options: ${known.map((k) => `'${k}'`).join(", ")})`;
    throw new TypeError(`${who}: unknown option '${key}'${hint}`);
  }
  const missing = required.find((k) => given[k] === undefined);
  if (missing !== undefined) throw new TypeError(`${who}: missing required option '${missing}'`);
}

/**
 * The option names of an options type, spelled once as an object whose keys
 * the compiler checks against the type: a name left out or misspelt here is
 * a type error, so the runtime list cannot drift from the documented one.
 */
export function optionNames<T extends object>(names: { readonly [K in keyof Required<T>]: true }): readonly string[] {
  return Object.keys(names);
}
