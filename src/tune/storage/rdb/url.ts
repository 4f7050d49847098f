// A database URL, taken apart once: where to connect, and how to name the
// server in messages without its password.

/** Where an RDB storage connects. */
export interface DbTarget {
  /** The URL handed to the client (`postgresql://…`, any SQLAlchemy `+driver` removed). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  /** Never part of a message: see {@link redact}. */
  readonly password: string;
}

/** Whether `storage` is a PostgreSQL URL (with or without an SQLAlchemy driver such as `+psycopg2`). */
export function isPostgresUrl(storage: string): boolean {
  return /^postgres(ql)?(\+[\w-]+)?:\/\//i.test(storage);
}

/** The parts of a `postgresql://user:password@host:port/database` URL; Optuna's `postgresql+psycopg2://` form is accepted too. */
export function parseDbUrl(url: string): DbTarget {
  if (typeof url !== "string" || !isPostgresUrl(url)) {
    throw new RangeError(`RDBStorage: the URL must look like postgresql://user:password@host:port/database, got ${JSON.stringify(redactUrl(String(url)))}`);
  }
  const plain = url.replace(/^postgres(ql)?(\+[\w-]+)?:/i, "postgresql:");
  let u: URL;
  try {
    u = new URL(plain);
  } catch {
    throw new RangeError(`RDBStorage: ${JSON.stringify(redactUrl(url))} is not a valid URL (postgresql://user:password@host:port/database)`);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (database === "") throw new RangeError(`RDBStorage: ${JSON.stringify(redactUrl(url))} names no database (postgresql://user:password@host:port/database)`);
  return {
    url: plain,
    host: u.hostname === "" ? "localhost" : u.hostname.replace(/^\[|\]$/g, ""),
    port: u.port === "" ? 5432 : Number(u.port),
    database,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}

/** How messages name the server: `user@host:port/database`, no password. */
export function describeTarget(t: DbTarget): string {
  return `${t.user === "" ? "" : `${t.user}@`}${t.host}:${t.port}/${t.database}`;
}

/** The URL with its password replaced by `***` (for echoing a URL the user gave). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][\w+.-]*:\/\/[^:/@]*):[^@/]*@/i, "$1:***@");
}

/** `text` with every occurrence of the password (plain or URL-encoded) replaced by `***`. */
export function redact(text: string, password: string): string {
  if (password === "") return text;
  let out = text;
  for (const form of new Set([password, encodeURIComponent(password)])) out = out.split(form).join("***");
  return out;
}
