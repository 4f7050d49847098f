// Entry module of a tuning worker, copied beside dist/index.js by the build:
// study.optimize(url, { workers }) starts one per worker. It imports the
// package (a fresh module instance with its own WebAssembly) and serves trials.
import { tune } from "./index.js";

await tune.serveWorker();
