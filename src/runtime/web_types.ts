// The web-platform types the host names, declared structurally: the DOM lib
// and @types/node disagree on (or lack) `WebAssembly`, `BufferSource` and
// `Response`, and the shipped .d.ts must compile in a project with
// `lib: ["es2022"]` and @types/node as well as in a browser project. Real
// engine objects are assignable to these types; nothing here is a global.

/** Bytes: an `ArrayBuffer` or a view of one (the DOM's `BufferSource`). */
export type Bytes = ArrayBuffer | ArrayBufferView;

/**
 * A compiled `WebAssembly.Module`. Its one (optional) member makes it a weak
 * type: a module from any lib's typings is assignable, while a plain object
 * with other keys (a misspelt `init()` option) is not.
 */
export interface WasmModule {
  readonly [Symbol.toStringTag]?: string;
}

/** A `WebAssembly.Memory`: what the host reads of the module's linear memory. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(delta: number): number;
}

/** What the host reads of a `fetch` `Response`. */
export interface ResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The part of the `WebAssembly` namespace the host calls. */
interface WebAssemblyApi {
  validate(bytes: Bytes): boolean;
  compile(bytes: Bytes): Promise<WasmModule>;
  compileStreaming?(source: ResponseLike): Promise<WasmModule>;
  Module: abstract new (...args: never[]) => WasmModule;
}

/** The engine's `WebAssembly`, or undefined where the runtime has none. */
export function webAssembly(): WebAssemblyApi | undefined {
  return (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
}

/** The engine's `WebAssembly`; call after `requireSimd()` has checked it exists. */
export function wasmApi(): WebAssemblyApi {
  return webAssembly() as WebAssemblyApi;
}
