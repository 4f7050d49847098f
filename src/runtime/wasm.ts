import { instantiate } from "../../build/wasmtune.js";
import { checkLayouts } from "./layouts.js";
import { Allocator } from "./memory.js";
import { compileWasm, initOptions } from "./load.js";
import { MICROKERNELS, selectMicrokernel } from "./microkernel.js";
import type { InitOptions, WasmSource } from "./load.js";
import type { Microkernel } from "./microkernel.js";
import type { WasmMemory } from "./web_types.js";

export type { InitOptions, Microkernel, WasmSource };

/** The kernel exports of the compiled module (see `assembly/index.ts`). */
export type Kernels = Awaited<ReturnType<typeof instantiate>>;

/** The instantiated module: kernels, memory, allocator and live typed views. */
export interface Runtime {
  readonly k: Kernels;
  readonly memory: WasmMemory;
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

/** Which build `init()` loaded; see {@link runtimeInfo}. */
export interface RuntimeInfo {
  /**
   * True when the opt-in relaxed-SIMD build runs (`init({ relaxedSimd: true })`
   * on an engine that supports relaxed SIMD): fused multiply-adds, results not
   * bit-reproducible across CPUs and engines. False for the default build.
   */
  readonly relaxedSimd: boolean;
  /**
   * The GEMM microkernel in use: the one `init({ microkernel })` forced, else
   * the faster of the two on this engine as timed by `init()`. Either gives
   * the same bits.
   */
  readonly microkernel: Microkernel;
}

/**
 * Load and instantiate the WebAssembly module: `init()`, `init(source)` or
 * `init({ source, relaxedSimd, microkernel })` (see {@link InitOptions}). Idempotent: later
 * calls return the same instance, whatever they pass (though an unknown
 * option is refused on every call). Must be awaited before creating tensors
 * or modules.
 */
export function init(arg?: WasmSource | InitOptions): Promise<Runtime> {
  // Options are checked on every call: a misspelt one is an error even when
  // the module is already loaded and the call would change nothing.
  let options: InitOptions;
  try {
    options = initOptions(arg);
  } catch (e) {
    return Promise.reject(e);
  }
  if (runtime) return Promise.resolve(runtime);
  if (!pending) {
    pending = create(options).then(
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

/**
 * Which build is running, as the module itself reports it. A relaxed-SIMD
 * request falls back to the default build on engines without relaxed SIMD,
 * and a second `init()` keeps the first one's build: this is the answer.
 */
export function runtimeInfo(): RuntimeInfo {
  const { k } = rt();
  return { relaxedSimd: k.relaxedSimd(), microkernel: MICROKERNELS[k.gemmMicrokernel()] };
}

async function create(options: InitOptions): Promise<Runtime> {
  const module = await compileWasm(options);
  const k = await instantiate(module, {});
  checkLayouts(k);
  const memory = (k as unknown as { memory: WasmMemory }).memory;
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
  selectMicrokernel(k, memory, r.allocator, options.microkernel);
  return r;
}
