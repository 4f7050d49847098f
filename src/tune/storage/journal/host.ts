// The synchronous file-system calls the journal needs, from node:fs, which
// Node, Deno and Bun all provide. They are fetched with
// `process.getBuiltinModule` rather than imported, so the bundle still loads
// in browsers and workerd, where a journal is refused with a clear error.
// Storage methods are synchronous (a trial's suggest* calls are), hence the
// sync APIs and a sleep that blocks on Atomics.wait.

/** The subset of node:fs the journal uses. */
export interface SyncFs {
  openSync(path: string, flags: string): number;
  closeSync(fd: number): void;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  writeSync(fd: number, buffer: Uint8Array): number;
  fsyncSync(fd: number): void;
  ftruncateSync(fd: number, len: number): void;
  fstatSync(fd: number): { size: number };
  statSync(path: string): { size: number };
  lstatSync(path: string): { ino: number; mtimeMs: number };
  symlinkSync(target: string, path: string): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
}

/** What the journal needs of the host process. */
export interface Host {
  readonly fs: SyncFs;
  readonly hostname: string;
  readonly pid: number;
  /** Whether a process with this id exists on this machine. */
  processExists(pid: number): boolean;
}

interface ProcessLike {
  pid: number;
  kill(pid: number, signal: number): void;
  getBuiltinModule?(name: string): unknown;
}

let cached: Host | undefined;

/** The host's file system and process facts; throws where there is no file system. */
export function host(): Host {
  if (cached !== undefined) return cached;
  const proc = (globalThis as { process?: ProcessLike }).process;
  const fs = proc?.getBuiltinModule?.("node:fs") as SyncFs | undefined;
  const os = proc?.getBuiltinModule?.("node:os") as { hostname(): string } | undefined;
  if (proc === undefined || fs === undefined || os === undefined) {
    throw new Error(
      "wasmtune: JournalFileStorage needs a file system (Node 20.16+, Deno or Bun); in browsers and workerd leave `storage` unset for the in-memory storage",
    );
  }
  cached = {
    fs,
    hostname: os.hostname(),
    pid: proc.pid,
    processExists(pid: number): boolean {
      try {
        proc.kill(pid, 0); // signal 0: existence check only
        return true;
      } catch (e) {
        // EPERM: it exists but belongs to another user.
        return (e as { code?: string }).code === "EPERM";
      }
    },
  };
  return cached;
}

// Made on first use: browsers without cross-origin isolation have no
// SharedArrayBuffer, and merely importing the package must work there.
let sleeper: Int32Array | undefined;

/** Block the thread for `ms` milliseconds (the storage API is synchronous). */
export function sleepSync(ms: number): void {
  sleeper ??= new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(sleeper, 0, 0, ms);
}

/** A random UUID (version 4), for worker ids and lock rename names, which must differ between processes. */
export function uuid4(): string {
  // Deliberately not the seeded Generator: two processes with the same seed must not share an id.
  return crypto.randomUUID();
}
