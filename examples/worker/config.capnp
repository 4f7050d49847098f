# workerd configuration: serves worker.js (bundled to out/worker.js) on
# 127.0.0.1:8787 and declares the .wasm as a module under the name the worker
# imports.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .trainer)],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "main")],
);

const trainer :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "out/worker.js"),
    (name = "wasmtune/wasmtune.wasm", wasm = embed "../../dist/wasmtune.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);
