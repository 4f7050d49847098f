import { hasRelaxedSimd, requireSimd } from "./simd.js";
import { MICROKERNELS } from "./microkernel.js";
import type { Microkernel } from "./microkernel.js";
import { wasmApi } from "./web_types.js";
import { checkOptions, optionNames } from "../options.js";
import type { Bytes, ResponseLike, WasmModule } from "./web_types.js";

// Turning whatever `init()` is given into a compiled module, and reading
// files. The only place that knows how each environment reads a file:
// browsers fetch the URL, Node, Deno and Bun read `file:` URLs from disk
// (Node's fetch does not support `file:`), and edge runtimes such as workerd
// hand over a module compiled at deploy time because they forbid compiling
// from bytes.

/**
 * What `init()` accepts: a compiled `WebAssembly.Module` (required on edge
 * runtimes such as workerd that forbid compiling from bytes), the `.wasm`
 * bytes, a `Response` (or a promise of one) from `fetch`, or a URL/path to the
 * `.wasm` file. Without an argument the `.wasm` next to this module is used.
 */
export type WasmSource = WasmModule | Bytes | ResponseLike | Promise<ResponseLike> | URL | string;

/**
 * The options form of `init()`: `init({ relaxedSimd: true })`, or with
 * `source` where the `.wasm` cannot be found beside the module.
 */
export interface InitOptions {
  /**
   * The module to load, as `init(source)` takes it. With `relaxedSimd` this is
   * the relaxed build (`wasmtune/wasmtune.relaxed.wasm`); it is only used
   * when the engine supports relaxed SIMD.
   */
  source?: WasmSource;
  /**
   * Load the relaxed-SIMD build (`wasmtune.relaxed.wasm`) if the engine
   * supports relaxed SIMD, else the default build. Its GEMM and optimizer
   * multiply-adds use `f32x4.relaxed_madd`: faster where the CPU has FMA, and
   * then its optimizer updates equal PyTorch CPU's bits, but results are not
   * bit-reproducible across CPUs and engines, which may fuse or not. Off by
   * default. `runtimeInfo()` tells which build runs.
   */
  relaxedSimd?: boolean;
  /**
   * Use this GEMM microkernel instead of timing both at `init()` and keeping
   * the faster (5-12 ms). Both give the same bits; see
   * `runtimeInfo().microkernel` and docs/runtimes.md.
   */
  microkernel?: Microkernel;
}

const OPTION_NAMES = optionNames<InitOptions>({ source: true, relaxedSimd: true, microkernel: true });

const EDGE_HINT =
  'On runtimes that forbid compiling from bytes or have no file system (Cloudflare workerd), import the module and pass it: `import wasm from "wasmtune/wasmtune.wasm"; await init(wasm);`';

/** What `init()` was given, as checked options: a bare source becomes `{ source }`. */
export function initOptions(arg?: WasmSource | InitOptions): InitOptions {
  return isOptions(arg) ? checkInitOptions(arg) : { source: arg };
}

/**
 * Compile the build the options choose. Without a source, the `.wasm` beside
 * this module. An engine without relaxed SIMD could not compile the relaxed
 * build, so it gets the default one.
 */
export async function compileWasm({ source, relaxedSimd }: InitOptions): Promise<WasmModule> {
  requireSimd();
  if (!relaxedSimd) return compileSource(source ?? besideUrl("wasmtune.wasm"));
  if (!hasRelaxedSimd()) return compileSource(besideUrl("wasmtune.wasm"));
  return compileSource(source ?? besideUrl("wasmtune.relaxed.wasm"));
}

// Every WasmSource is a primitive or has a class (Module, typed array,
// Response, Promise, URL, ...): only the options form is a plain object.
function isOptions(arg: WasmSource | InitOptions | undefined): arg is InitOptions {
  if (typeof arg !== "object" || arg === null) return false;
  const proto = Object.getPrototypeOf(arg) as unknown;
  return proto === Object.prototype || proto === null;
}

function checkInitOptions(options: InitOptions): InitOptions {
  checkOptions("init", options, OPTION_NAMES);
  const { source, relaxedSimd = false, microkernel } = options;
  if (typeof relaxedSimd !== "boolean") throw new Error(`wasmtune: init() option relaxedSimd must be true or false, got ${String(relaxedSimd)}`);
  if (microkernel !== undefined && !MICROKERNELS.includes(microkernel)) {
    throw new Error(`wasmtune: init() option microkernel must be ${oneOf(MICROKERNELS.map((m) => `"${m}"`))}, got ${String(microkernel)}`);
  }
  return { source, relaxedSimd, microkernel };
}

function oneOf(names: readonly string[]): string {
  return `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

async function compileSource(source: WasmSource): Promise<WasmModule> {
  if (source instanceof wasmApi().Module) return source;
  if (typeof source === "string" || source instanceof URL) return fromUrl(toUrl(source));
  if (isResponse(source)) return fromResponse(await source);
  return wasmApi().compile(source as Bytes);
}

/**
 * The bytes of a file given as a URL or path: read from disk for `file:`
 * URLs (and bare paths on servers), fetched otherwise.
 */
export async function readBytes(where: string | URL): Promise<Uint8Array<ArrayBuffer>> {
  const url = toUrl(where);
  if (url.protocol === "file:") {
    // Hidden from bundlers so browser builds do not try to resolve node:fs.
    const fsName = "node:fs/promises";
    const fs = (await import(/* @vite-ignore */ /* webpackIgnore: true */ fsName)) as {
      readFile(path: URL): Promise<Uint8Array<ArrayBuffer>>;
    };
    return fs.readFile(url);
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`wasmtune: fetching ${url} failed with HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

function besideUrl(file: string): URL {
  try {
    return new URL(`./${file}`, import.meta.url);
  } catch {
    throw new Error(`wasmtune: cannot locate ${file} next to the module (import.meta.url is ${String(import.meta.url)}). ${EDGE_HINT}`);
  }
}

// Over HTTP the response is compiled while it streams in; files are read whole.
async function fromUrl(url: URL): Promise<WasmModule> {
  if (url.protocol === "file:") return wasmApi().compile(await readBytes(url));
  return fromResponse(await fetch(url));
}

async function fromResponse(res: ResponseLike): Promise<WasmModule> {
  if (!res.ok) throw new Error(`wasmtune: fetching ${res.url || "the .wasm"} failed with HTTP ${res.status}`);
  // Streaming compilation overlaps download and compilation, but engines only
  // accept it when the server sends the wasm MIME type.
  const streamable = res.headers.get("content-type")?.startsWith("application/wasm");
  const wa = wasmApi();
  if (streamable && wa.compileStreaming !== undefined) return wa.compileStreaming(res);
  return wa.compile(await res.arrayBuffer());
}

function isResponse(source: object): source is ResponseLike | Promise<ResponseLike> {
  return typeof (source as ResponseLike).arrayBuffer === "function" || typeof (source as Promise<ResponseLike>).then === "function";
}

function toUrl(where: string | URL): URL {
  if (where instanceof URL) return where;
  try {
    return new URL(where);
  } catch {
    // A bare path: relative to the current page or, on servers, the working directory.
    const g = globalThis as { location?: { href: string }; process?: { cwd(): string } };
    if (g.location) return new URL(where, g.location.href);
    if (g.process) return new URL(where, `file://${g.process.cwd()}/`);
    throw new Error(`wasmtune: cannot resolve the location ${where}`);
  }
}
