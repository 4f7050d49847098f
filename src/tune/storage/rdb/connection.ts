// The database thread's one PostgreSQL connection (node-postgres `pg`,
// loaded here only, so the package core never imports it). Every operation
// runs as one transaction; when the connection breaks (a server restart, a
// network fault) the transaction is retried on a new connection with backoff
// until `retryTimeout` seconds pass. Operations run one at a time, so the
// heartbeats of a trial never interleave with its transactions.

import { type DbTarget, describeTarget, redact } from "./url.js";

/** The subset of a `pg` client used here. */
export interface PgClient {
  connect(): Promise<void>;
  query(text: string, values?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
  end(): Promise<void>;
  on(event: "error", listener: (e: Error) => void): void;
}

/** Runs queries in a transaction: `q(sql, values)` returns the rows. */
export type Query = (text: string, values?: unknown[]) => Promise<any[]>;

// Error codes after which the same transaction may simply be tried again:
// connection failures, the server shutting down or starting, and
// serialisation failures/deadlocks between concurrent workers.
const TRANSIENT_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006", "40001", "40P01"]);

function transient(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  if (code !== undefined && TRANSIENT_CODES.has(code)) return true;
  return /Connection terminated|connection error|not queryable|ECONNRESET|timeout expired/i.test(String((e as Error)?.message));
}

/** Why a connection attempt failed, in a few words. */
function reason(e: unknown): string {
  const err = e as { code?: string; message?: string; errors?: { code?: string }[] };
  const code = err.code ?? err.errors?.[0]?.code;
  switch (code) {
    case "ECONNREFUSED": return "connection refused (is the server running and listening on that port?)";
    case "ENOTFOUND": case "EAI_AGAIN": return "host not found";
    case "ETIMEDOUT": return "connection timed out";
    case "EHOSTUNREACH": case "ENETUNREACH": return "host unreachable";
    default: return String(err.message ?? e).split("\n")[0];
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A connection that reconnects, and an error type whose message is one line naming the server. */
export class Connection {
  private client: PgClient | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly where: string;

  constructor(
    private readonly pg: { Client: new (config: object) => PgClient },
    private readonly target: DbTarget,
    private readonly retryTimeout: number,
  ) {
    this.where = describeTarget(target);
  }

  /** A one-line error naming the server, never its password. */
  fault(e: unknown, doing: string): Error {
    const err = new Error(redact(`wasmtune: PostgreSQL at ${this.where}: ${doing}: ${reason(e)}`, this.target.password));
    err.name = "StorageConnectionError";
    return err;
  }

  private async open(): Promise<PgClient> {
    if (this.client !== null) return this.client;
    const client = new this.pg.Client({
      host: this.target.host,
      port: this.target.port,
      database: this.target.database,
      user: this.target.user,
      // Without one in the URL, pg reads PGPASSWORD or ~/.pgpass, which keeps it out of command lines.
      password: this.target.password === "" ? undefined : this.target.password,
      connectionTimeoutMillis: 10_000,
      application_name: "wasmtune",
    });
    // A connection that breaks while idle reports here; the next operation reconnects.
    client.on("error", () => {
      if (this.client === client) this.client = null;
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private drop(): void {
    const c = this.client;
    this.client = null;
    c?.end().catch(() => {});
  }

  /** Connect once, failing at once (a wrong password or an unreachable host is not retried). */
  async connect(): Promise<void> {
    try {
      await this.open();
    } catch (e) {
      this.drop();
      throw this.fault(e, "cannot connect");
    }
  }

  /**
   * Run `work` in one transaction (`isolation` e.g. "REPEATABLE READ" for
   * consistent multi-query reads), after every earlier operation; retried
   * whole on a transient fault.
   */
  transaction<T>(work: (q: Query) => Promise<T>, isolation = "READ COMMITTED"): Promise<T> {
    const run = this.queue.then(() => this.attempt(work, isolation));
    this.queue = run.catch(() => {});
    return run;
  }

  private async attempt<T>(work: (q: Query) => Promise<T>, isolation: string): Promise<T> {
    const start = Date.now();
    for (let attempt = 0; ; attempt++) {
      let client: PgClient | null = null;
      try {
        client = await this.open();
        const c = client;
        await c.query(`BEGIN ISOLATION LEVEL ${isolation}`);
        try {
          const result = await work(async (text, values) => (await c.query(text, values)).rows);
          await c.query("COMMIT");
          return result;
        } catch (e) {
          await c.query("ROLLBACK").catch(() => {});
          throw e;
        }
      } catch (e) {
        if (!transient(e)) throw e;
        this.drop();
        if ((Date.now() - start) / 1000 > this.retryTimeout) throw this.fault(e, `gave up after ${this.retryTimeout} s of retries`);
        await sleep(Math.min(50 * 2 ** attempt, 1000));
      }
    }
  }

  async close(): Promise<void> {
    await this.queue;
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => {});
  }
}
