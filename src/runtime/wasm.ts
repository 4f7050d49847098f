import { instantiate } from "../../build/wasmtune.js";
import { Allocator } from "./memory.js";
import { compileWasm } from "./load.js";
import type { WasmSource } from "./load.js";

export type { WasmSource };

/** The kernel exports of the compiled module (see `assembly/index.ts`). */
export type Kernels = Awaited<ReturnType<typeof instantiate>>;

/** The instantiated module: kernels, memory, allocator and live typed views. */
export interface Runtime {
  readonly k: Kernels;
  readonly memory: WebAssembly.Memory;
  readonly allocator: Allocator;
  /** View of all of linear memory; replaced after every `memory.grow`. Do not cache. */
  f32: Float32Array;
  /** View of all of linear memory; replaced after every `memory.grow`. Do not cache. */
  i32: Int32Array;
  /** View of all of linear memory; replaced after every `memory.grow`. Do not cache. */
  u8: Uint8Array;
}

let runtime: Runtime | undefined;
let pending: Promise<Runtime> | undefined;

/**
 * Load and instantiate the WebAssembly module. Idempotent: later calls return
 * the same instance, whatever they pass. Must be awaited before creating
 * tensors or modules.
 */
export function init(source?: WasmSource): Promise<Runtime> {
  if (runtime) return Promise.resolve(runtime);
  if (!pending) {
    pending = create(source).then(
      (rt) => (runtime = rt),
      (err) => {
        pending = undefined;
        throw err;
      },
    );
  }
  return pending;
}

/** The runtime, or a clear error if `init()` has not finished. */
export function rt(): Runtime {
  if (runtime === undefined) throw new Error("wasmtune: the WebAssembly module is not loaded; call `await init()` first");
  return runtime;
}

/** True once `init()` has finished. */
export function isInitialized(): boolean {
  return runtime !== undefined;
}

async function create(source: WasmSource | undefined): Promise<Runtime> {
  const module = await compileWasm(source);
  const k = await instantiate(module, {});
  const memory = (k as unknown as { memory: WebAssembly.Memory }).memory;
  const r = {
    k,
    memory,
    f32: new Float32Array(memory.buffer),
    i32: new Int32Array(memory.buffer),
    u8: new Uint8Array(memory.buffer),
  } as Runtime & { allocator: Allocator };
  r.allocator = new Allocator(memory, k.heapBase(), () => {
    r.f32 = new Float32Array(memory.buffer);
    r.i32 = new Int32Array(memory.buffer);
    r.u8 = new Uint8Array(memory.buffer);
  });
  return r;
}
