# workerd configuration for the cross-runtime test: runs worker.js (bundled
# by the test to out/worker.js) with the .wasm declared as a module under the
# name the worker imports. The test overrides the address with --socket-addr.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .trainer)],
  sockets = [(name = "http", address = "127.0.0.1:8080", http = (), service = "main")],
);

const trainer :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "out/worker.js"),
    (name = "wasmtune/wasmtune.wasm", wasm = embed "../../../dist/wasmtune.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);
