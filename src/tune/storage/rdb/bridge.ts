// A synchronous call into the database thread. The Storage interface is
// synchronous (a trial's suggest* must return at once) while database
// clients are asynchronous, so the main thread posts its request on a
// MessagePort and blocks in Atomics.wait until the database thread has
// posted the reply and raised the shared flag; it then takes the reply off
// the port with receiveMessageOnPort. Meanwhile the database thread's own
// event loop keeps running (heartbeats, reconnects).

import { DuplicatedStudyError, UpdateFinishedTrialError } from "../../errors.js";
import type { BridgeInit } from "./bridge_worker.js";
import type { DbTarget } from "./url.js";

interface WorkerThreads {
  Worker: new (script: string, options: object) => { unref(): void; terminate(): Promise<number>; on(event: string, f: (x: any) => void): void };
  MessageChannel: new () => { port1: Port; port2: Port };
  receiveMessageOnPort(port: Port): { message: any } | undefined;
}
interface Port {
  postMessage(message: unknown): void;
  unref?(): void;
  close(): void;
}

/** Seconds a call may wait for the database thread (which itself gives up on a dead server after its retry timeout). */
const CALL_TIMEOUT_MARGIN = 60;

// The thread starts from this small script, which imports the real one: a
// failure to load it (a bundle that left bridge_worker.js behind, a missing
// dependency) then comes back as the reply to the pending call, instead of
// a thread dying where this blocked thread cannot hear of it.
const BOOT = `const { workerData } = require("node:worker_threads");
import(workerData.entry).catch((e) => {
  workerData.port.postMessage({ error: { name: "Error", message: "wasmtune: cannot start the PostgreSQL storage's database thread (" + String(e && e.message).split("\\n")[0] + "); a bundle of wasmtune must ship dist/tune/storage/rdb/ beside it, or leave wasmtune out of the bundle" } });
  const flag = new Int32Array(workerData.flag);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});`;

function workerThreads(): WorkerThreads {
  const proc = (globalThis as { process?: { getBuiltinModule?(name: string): unknown } }).process;
  const wt = proc?.getBuiltinModule?.("node:worker_threads") as WorkerThreads | undefined;
  if (wt === undefined) {
    throw new Error(
      'wasmtune: PostgreSQL storage needs threads and sockets (Node 20.16+, Deno or Bun); in browsers and workerd use the in-memory storage (leave storage unset), or "journal:<path>" where there is a file system',
    );
  }
  return wt;
}

/** Turn a reply's error back into the class callers catch. */
function rebuild(info: { name: string; message: string }): Error {
  if (info.name === "DuplicatedStudyError") return new DuplicatedStudyError(info.message);
  if (info.name === "UpdateFinishedTrialError") return new UpdateFinishedTrialError(info.message);
  const classes: Record<string, ErrorConstructor> = { TypeError, RangeError };
  const e = new (classes[info.name] ?? Error)(info.message);
  if (!(info.name in classes)) e.name = info.name;
  return e;
}

/** The main thread's end: `call(op, ...args)` blocks until the database thread answers. */
export class Bridge {
  private readonly wt: WorkerThreads;
  private readonly port: Port;
  private readonly flag: Int32Array;
  private readonly worker: { terminate(): Promise<number> };
  private readonly timeout: number;
  private closed = false;

  constructor(target: DbTarget, heartbeatInterval: number | null, retryTimeout: number) {
    this.wt = workerThreads();
    const { port1, port2 } = new this.wt.MessageChannel();
    this.port = port1;
    this.flag = new Int32Array(new SharedArrayBuffer(4));
    const entry = new URL("./bridge_worker.js", import.meta.url).href;
    const init: Omit<BridgeInit, "port"> & { port: unknown; entry: string } = { target, heartbeatInterval, retryTimeout, port: port2, flag: this.flag.buffer as SharedArrayBuffer, entry };
    const worker = new this.wt.Worker(BOOT, { eval: true, workerData: init, transferList: [port2] });
    // The thread must not keep a finished program alive; it ends with the process.
    worker.unref();
    worker.on("error", () => {});
    this.port.unref?.();
    this.worker = worker;
    this.timeout = retryTimeout + CALL_TIMEOUT_MARGIN;
  }

  call(op: string, ...args: unknown[]): any {
    if (this.closed) throw new Error("wasmtune: this RDBStorage is closed");
    // The flag is lowered after a reply is taken, never before a request is
    // sent: a reply that comes first (the thread failing to start) is kept.
    this.port.postMessage({ op, args });
    const deadline = Date.now() + this.timeout * 1000;
    while (Atomics.wait(this.flag, 0, 0, 1000) === "timed-out") {
      if (Date.now() > deadline) throw new Error(`wasmtune: the database thread did not answer ${op} within ${this.timeout} s`);
    }
    const reply = this.wt.receiveMessageOnPort(this.port)?.message as { value: unknown } | { error: { name: string; message: string } } | undefined;
    Atomics.store(this.flag, 0, 0);
    if (reply === undefined) throw new Error(`wasmtune: the database thread answered ${op} with nothing`);
    if ("error" in reply) throw rebuild(reply.error);
    return reply.value;
  }

  /** Close the connection, then end the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      this.call("close");
    } finally {
      await this.abort();
    }
  }

  /** End the thread without a word to it (it failed to start, or to open the database). */
  async abort(): Promise<void> {
    this.closed = true;
    this.port.close();
    await this.worker.terminate();
  }
}
