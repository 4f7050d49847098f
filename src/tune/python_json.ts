// JSON as Python's `json` module writes and reads it, because Optuna writes
// its journal lines and distributions with `json.dumps` and reads them with
// `json.loads`: NaN and
// ±Infinity are bare tokens (a NaN intermediate value must survive the trip,
// where JSON.stringify would write null), floats are printed as Python's
// `repr` prints them (so a float stays a float on the Python side: `1.0`, not
// `1`), non-ASCII text is escaped, and separators are ", " and ": ".

/** A number Python must read as a float even when it is integral (`4.0`). */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** Python's `repr(float)`: shortest round-trip digits, exponent outside 1e-4 ≤ |x| < 1e16. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  // toExponential() without an argument gives the shortest digits that round-trip, as repr does.
  const [mantissa, expText] = x.toExponential().split("e");
  const exp = Number(expText);
  const sign = mantissa.startsWith("-") ? "-" : "";
  const digits = mantissa.replace("-", "").replace(".", "");
  const point = exp + 1; // digits before the decimal point
  if (point > -4 && point <= 16) {
    if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
    if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}.0`;
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  const frac = digits.length > 1 ? `.${digits.slice(1)}` : "";
  return `${sign}${digits[0]}${frac}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };

/** A string literal with `ensure_ascii=True`: everything outside printable ASCII as `\uxxxx`. */
function pythonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const code = s.charCodeAt(i);
    if (SHORT_ESCAPES[ch] !== undefined) out += SHORT_ESCAPES[ch];
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out + '"';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function pythonNumber(x: number): string {
  if (!Number.isInteger(x)) return pythonFloatRepr(x);
  // Integers print in full, as Python ints do (String(1e21) would be "1e+21", a float to Python).
  return Math.abs(x) < 1e21 ? String(x === 0 ? 0 : x) : BigInt(x).toString();
}

/**
 * `json.dumps(value)` as Python writes it. Integral numbers are ints unless
 * wrapped in {@link PyFloat}; `undefined` members are left out as
 * JSON.stringify does; anything else that is not JSON is refused with
 * Python's wording.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof PyFloat) return pythonFloatRepr(value.value);
  switch (typeof value) {
    case "boolean": return value ? "true" : "false";
    case "number": return pythonNumber(value);
    case "string": return pythonString(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => pythonJsonDumps(v === undefined ? null : v)).join(", ")}]`;
  if (isPlainObject(value)) {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) parts.push(`${pythonString(k)}: ${pythonJsonDumps(v)}`);
    }
    return `{${parts.join(", ")}}`;
  }
  const type = value === undefined ? "undefined" : typeof value === "object" ? (value as object).constructor?.name ?? "object" : typeof value;
  throw new TypeError(`Object of type ${type} is not JSON serializable`);
}

/**
 * `json.loads(text)`: standard JSON plus the bare `NaN`, `Infinity` and
 * `-Infinity` Python writes. Throws a `SyntaxError` naming the offset.
 */
export function pythonJsonLoads(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    // Only lines with non-finite numbers need the slower parser below.
    if (!/NaN|Infinity/.test(text)) throw e;
  }
  const p = new Parser(text);
  p.space();
  const v = p.value();
  p.space();
  if (p.i !== text.length) p.fail("extra data");
  return v;
}

/** Recursive-descent JSON parser for the lines JSON.parse refuses (NaN, Infinity). */
class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  fail(what: string): never {
    throw new SyntaxError(`${what} at position ${this.i}`);
  }

  space(): void {
    while (this.i < this.s.length && " \t\n\r".includes(this.s[this.i])) this.i++;
  }

  private literal(word: string, v: unknown): unknown {
    if (this.s.startsWith(word, this.i)) {
      this.i += word.length;
      return v;
    }
    return this.fail("expecting value");
  }

  value(): unknown {
    const c = this.s[this.i];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    if (c === "t") return this.literal("true", true);
    if (c === "f") return this.literal("false", false);
    if (c === "n") return this.literal("null", null);
    if (c === "N") return this.literal("NaN", NaN);
    if (c === "I") return this.literal("Infinity", Infinity);
    if (c === "-" && this.s[this.i + 1] === "I") return this.literal("-Infinity", -Infinity);
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.i));
    if (m === null) return this.fail("expecting value");
    this.i += m[0].length;
    return Number(m[0]);
  }

  private string(): string {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(this.s.slice(this.i));
    if (m === null) return this.fail("invalid string");
    this.i += m[0].length;
    return JSON.parse(m[0]) as string;
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.space();
    if (this.s[this.i] === "]") {
      this.i++;
      return out;
    }
    for (;;) {
      this.space();
      out.push(this.value());
      this.space();
      const c = this.s[this.i++];
      if (c === "]") return out;
      if (c !== ",") this.fail("expecting ',' delimiter");
    }
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    this.space();
    if (this.s[this.i] === "}") {
      this.i++;
      return out;
    }
    for (;;) {
      this.space();
      if (this.s[this.i] !== '"') this.fail("expecting property name enclosed in double quotes");
      const key = this.string();
      this.space();
      if (this.s[this.i++] !== ":") this.fail("expecting ':' delimiter");
      this.space();
      // defineProperty, so a "__proto__" key stays data as it does in JSON.parse.
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.space();
      const c = this.s[this.i++];
      if (c === "}") return out;
      if (c !== ",") this.fail("expecting ',' delimiter");
    }
  }
}
