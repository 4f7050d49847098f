/**
 * A scheduler's state as plain JSON data (PyTorch's `state_dict()`):
 * every field except the optimizer and functions. Non-finite numbers
 * (ReduceLROnPlateau's initial `best` is ±Infinity) are written as the
 * strings `"Infinity"`, `"-Infinity"` and `"NaN"` so that
 * `JSON.stringify` keeps them.
 */
export type SchedulerState = { [key: string]: unknown };

const NON_FINITE: Record<string, number> = { Infinity: Infinity, "-Infinity": -Infinity, NaN: NaN };

function encode(value: unknown): unknown {
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map(encode);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  }
  return value;
}

function decode(value: unknown): unknown {
  if (typeof value === "string" && value in NON_FINITE) return NON_FINITE[value];
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

/** Snapshot `owner`'s own fields, leaving out `optimizer`, functions, unset fields and `skip`. */
export function captureState(owner: object, skip: readonly string[] = []): SchedulerState {
  const state: SchedulerState = {};
  for (const [key, value] of Object.entries(owner)) {
    if (key === "optimizer" || skip.includes(key) || typeof value === "function" || value === undefined) continue;
    state[key] = encode(value);
  }
  return state;
}

/** Overwrite `owner`'s fields from a snapshot made by `captureState`. */
export function restoreState(owner: object, state: SchedulerState): void {
  Object.assign(owner, decode(state));
}
