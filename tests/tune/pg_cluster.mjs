// A throwaway PostgreSQL 15 cluster for the RDB storage tests: initdb in a
// temp dir, a server on a free loopback port, password authentication over
// TCP (so wrong passwords are refused), removed at the end. PostgreSQL
// refuses to run as root, so as root the server runs as the `postgres`
// user that Debian's package creates.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The PostgreSQL binaries: Debian's newest installed version. */
function binDir() {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) throw new Error("pg_cluster: PostgreSQL is not installed (npm run setup installs it)");
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error(`pg_cluster: no initdb under ${base}`);
  return join(base, versions[0], "bin");
}

/** A loopback port nothing listens on (at the moment of asking). */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function uidOf(user) {
  return Number(execFileSync("id", ["-u", user], { encoding: "utf8" }).trim());
}

/**
 * Start a cluster; returns `{ url, port, password, restart(), stop() }`.
 * `url` names database "wasmtune" as user "tuner" with `password`.
 */
export async function startCluster({ password = "s3cret-Pa55word" } = {}) {
  const bin = binDir();
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "wasmtune-pg-"));
  const data = join(dir, "data");
  // As root: run the server as postgres, which must own the directory.
  const as = root ? ["runuser", "-u", "postgres", "--"] : [];
  if (root) {
    const uid = uidOf("postgres");
    chownSync(dir, uid, uid);
  }
  chmodSync(dir, 0o700);
  const run = (cmd, args) => {
    const [exe, ...rest] = [...as, join(bin, cmd), ...args];
    const r = spawnSync(exe, rest, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`pg_cluster: ${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  const pwfile = join(dir, "pw");
  writeFileSync(pwfile, `${password}\n`);
  if (root) chownSync(pwfile, uidOf("postgres"), uidOf("postgres"));
  run("initdb", ["-D", data, "-U", "tuner", "--pwfile", pwfile, "-A", "scram-sha-256", "--no-sync", "-E", "UTF8", "--locale", "C"]);
  rmSync(pwfile);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`;
  const start = () => run("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-o", options, "-w", "-t", "30", "start"]);
  start();
  const env = { ...process.env, PGPASSWORD: password };
  const psql = (sql, db = "postgres") => {
    const [exe, ...rest] = [join(bin, "psql"), "-h", "127.0.0.1", "-p", String(port), "-U", "tuner", "-d", db, "-v", "ON_ERROR_STOP=1", "-qAtc", sql];
    return execFileSync(exe, rest, { env, encoding: "utf8" });
  };
  const dump = (args) =>
    execFileSync(join(bin, "pg_dump"), ["-h", "127.0.0.1", "-p", String(port), "-U", "tuner", ...args], { env, encoding: "utf8" })
      .split("\n")
      .filter((line) => !/^\\(un)?restrict /.test(line))
      .join("\n");
  psql("CREATE DATABASE wasmtune");
  // A test run cut short (Ctrl-C, a runner's timeout) must not leave a server behind.
  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    try {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once("exit", stopNow);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      stopNow();
      process.exit(128 + (signal === "SIGINT" ? 2 : 15));
    });
  }
  return {
    port,
    password,
    dir,
    url: `postgresql://tuner:${encodeURIComponent(password)}@127.0.0.1:${port}/wasmtune`,
    /** Run SQL on the study database and return psql's unaligned output. */
    psql: (sql, db = "wasmtune") => psql(sql, db),
    /** `pg_dump --schema-only` of a database, without the lines that differ between dumps. */
    dumpSchema: (db) => dump(["--schema-only", db]),
    /** `pg_dump --data-only` of a database. */
    dumpData: (db) => dump(["--data-only", db]),
    /** A fresh database on this server; returns its URL. */
    createDatabase(name) {
      psql(`CREATE DATABASE ${name}`);
      return `postgresql://tuner:${encodeURIComponent(password)}@127.0.0.1:${port}/${name}`;
    },
    /** Restart the server (clients lose their connections). */
    restart: () => run("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-m", "fast", "-w", "-t", "30", "restart", "-o", options]),
    stopServer: () => run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]),
    startServer: start,
    /** Stop the server and remove its directory (also done when the process exits or is interrupted). */
    stop: stopNow,
  };
}
