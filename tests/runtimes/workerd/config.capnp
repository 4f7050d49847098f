# workerd configuration for the cross-runtime test. The test bundles the
# workers into out/ and overrides the address with --socket-addr. The trainer
# gets the .wasm as a module under the name it imports; the second isolate
# has no such module, to check the error init() gives without it; the third
# runs the opt-in relaxed-SIMD build.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .trainer),
    (name = "no-module", worker = .noModule),
    (name = "relaxed", worker = .relaxed),
  ],
  sockets = [(name = "http", address = "127.0.0.1:8080", http = (), service = "main")],
);

const trainer :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "out/worker.js"),
    (name = "wasmtune/wasmtune.wasm", wasm = embed "../../../dist/wasmtune.wasm"),
  ],
  bindings = [(name = "NO_MODULE", service = "no-module"), (name = "RELAXED", service = "relaxed")],
  compatibilityDate = "2025-01-01",
);

const noModule :Workerd.Worker = (
  modules = [(name = "no_module.js", esModule = embed "out/no_module.js")],
  compatibilityDate = "2025-01-01",
);

const relaxed :Workerd.Worker = (
  modules = [
    (name = "relaxed.js", esModule = embed "out/relaxed.js"),
    (name = "wasmtune/wasmtune.relaxed.wasm", wasm = embed "../../../dist/wasmtune.relaxed.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);
