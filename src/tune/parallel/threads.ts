// The one place that knows how each runtime makes threads: Node's
// worker_threads (Node has no global Worker), Web Workers everywhere else
// (Deno, Bun, browsers). Both sides get the same small endpoint.

/** One side of a worker connection. */
export interface Endpoint {
  post(message: unknown): void;
  onMessage(handler: (message: any) => void): void;
}

/** The main thread's handle on a worker. */
export interface WorkerEndpoint extends Endpoint {
  /** Called once if the worker throws outside a trial or exits. */
  onFailure(handler: (error: Error) => void): void;
  terminate(): Promise<void>;
}

type NodeWorker = {
  postMessage(m: unknown): void;
  on(event: string, f: (x: any) => void): void;
  terminate(): Promise<number>;
};

/** Start a module worker running `entry`. */
export async function spawnWorker(entry: URL): Promise<WorkerEndpoint> {
  const g = globalThis as any;
  if (typeof g.Worker === "function") {
    const w = new g.Worker(entry, { type: "module" });
    return {
      post: (m) => w.postMessage(m),
      onMessage: (f) => w.addEventListener("message", (e: MessageEvent) => f(e.data)),
      onFailure: (f) => w.addEventListener("error", (e: { message: string; preventDefault?(): void }) => {
        e.preventDefault?.();
        f(new Error(`wasmtune: a tuning worker failed: ${e.message}`));
      }),
      terminate: async () => w.terminate(),
    };
  }
  // Hidden from bundlers so browser builds do not try to resolve node:worker_threads.
  const name = "node:worker_threads";
  const { Worker } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ name)) as { Worker: new (u: URL) => NodeWorker };
  const w = new Worker(entry);
  let ended = false;
  return {
    post: (m) => w.postMessage(m),
    onMessage: (f) => w.on("message", f),
    onFailure: (f) => {
      w.on("error", (e: Error) => f(new Error(`wasmtune: a tuning worker failed: ${e.message}`)));
      w.on("exit", (code: number) => {
        if (!ended) f(new Error(`wasmtune: a tuning worker exited (code ${code})`));
      });
    },
    terminate: async () => {
      ended = true;
      await w.terminate();
    },
  };
}

/** Inside a worker: the connection to the main thread. */
export async function parentEndpoint(): Promise<Endpoint> {
  const g = globalThis as any;
  if (typeof g.postMessage === "function" && typeof g.addEventListener === "function") {
    return { post: (m) => g.postMessage(m), onMessage: (f) => g.addEventListener("message", (e: MessageEvent) => f(e.data)) };
  }
  const name = "node:worker_threads";
  const { parentPort } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ name)) as { parentPort: NodeWorker | null };
  if (parentPort === null) throw new Error("wasmtune: serveWorker() runs only inside a tuning worker");
  return { post: (m) => parentPort.postMessage(m), onMessage: (f) => parentPort.on("message", f) };
}
