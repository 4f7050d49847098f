// Timestamps as Optuna's journal stores them: Python's
// `datetime.now().isoformat(timespec="microseconds")`, a naive local time
// such as "2024-05-01T13:45:07.123456". A JavaScript Date holds
// milliseconds, so we write `.123000` and read microseconds rounded down.

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** A Date as Optuna writes a datetime (local time, no zone, microseconds). */
export function toOptunaDatetime(d: Date): string {
  return (
    `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds() * 1000, 6)}`
  );
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parse what `datetime.fromisoformat` reads from Optuna's journals: naive times are local, as in Python. */
export function fromOptunaDatetime(text: string): Date {
  const m = ISO.exec(text);
  if (m === null) throw new Error(`not an ISO datetime: ${JSON.stringify(text)}`);
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const ms = Math.floor(Number((m[7] ?? "0").padEnd(6, "0")) / 1000);
  if (m[8] === undefined) return new Date(y, mo - 1, d, h, mi, s, ms);
  const offset = m[8] === "Z" ? 0 : (m[8][0] === "-" ? -1 : 1) * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(-2)));
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset * 60000);
}
