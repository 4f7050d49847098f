// Entry module of a tuning worker: study.optimize(url, { workers }) starts one
// per worker (pool.ts). A worker has its own module instances, so the
// WebAssembly instance serveWorker initialises is this worker's alone, and the
// objective module, importing "wasmtune", shares it.
import { serveWorker } from "./serve.js";

await serveWorker();
