# workerd configuration for the cross-runtime test. The test bundles
# worker.js beside this file in a temporary directory, copies the .wasm there
# and overrides the socket address with --socket-addr.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .trainer)],
  sockets = [(name = "http", address = "127.0.0.1:8080", http = (), service = "main")],
);

const trainer :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "wasmtune/wasmtune.wasm", wasm = embed "wasmtune.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);
