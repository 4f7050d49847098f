import { hasRelaxedSimd, requireSimd } from "./simd.js";
import { MICROKERNELS } from "./microkernel.js";
import type { Microkernel } from "./microkernel.js";
import { besideUrl } from "../wasm_files.js";
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

/** What `init()` was given, as checked options: a bare source becomes `{ source }`. */
export function initOptions(arg?: WasmSource | InitOptions): InitOptions {
  return isOptions(arg) ? checkInitOptions(arg) : { source: arg };
}

/**
 * Compile the build the options choose: `source`, else the `.wasm` beside
 * this module. An engine without relaxed SIMD could not compile the relaxed
 * build, so without a source it gets the default one; with a source it is
 * refused, since the default file beside the module is what an app that
 * passes its own source (a bundle, workerd) does not ship.
 */
export async function compileWasm({ source, relaxedSimd }: InitOptions): Promise<WasmModule> {
  requireSimd();
  const relaxed = relaxedSimd === true && hasRelaxedSimd();
  if (source === undefined) return compileBeside(relaxed);
  if (relaxedSimd && !relaxed) {
    throw new Error(
      'wasmtune: init({ source, relaxedSimd: true }): this engine has no relaxed SIMD, so the relaxed build given as source cannot run here; pass the default build instead (e.g. `import wasm from "wasmtune/wasmtune.wasm"; await init(wasm);`)',
    );
  }
  return compileSource(source);
}

// Bundling wasmtune without copying the .wasm, or running it where modules
// have no URL, loses the file: say which one and how to hand it over.
async function compileBeside(relaxed: boolean): Promise<WasmModule> {
  const file = relaxed ? "wasmtune.relaxed.wasm" : "wasmtune.wasm";
  const [call, callWithImport] = relaxed
    ? ["init({ source, relaxedSimd: true })", "init({ source: wasm, relaxedSimd: true })"]
    : ["init(source)", "init(wasm)"];
  const pass = `\`await ${call}\` with its URL, path or bytes, a Response or a WebAssembly.Module; on runtimes that forbid compiling from bytes or have no file system (Cloudflare workerd), import it: \`import wasm from "wasmtune/${file}"; await ${callWithImport};\``;
  let url: URL;
  try {
    url = besideUrl(relaxed);
  } catch {
    throw new Error(`wasmtune: cannot locate ${file}: the module has no URL to look beside (no import.meta.url, as in classic scripts and Workers, or on Cloudflare workerd). Pass the module to init(): ${pass}`);
  }
  let opened: Uint8Array<ArrayBuffer> | ResponseLike;
  try {
    opened = await open(url);
  } catch (err) {
    // Other failures (no read permission in Deno, a server error) say what to do themselves.
    if (!isMissing(err)) throw err;
    throw new Error(
      `wasmtune: cannot load ${file} from ${url.href}, where init() looks without a source (${(err as Error).message}). If wasmtune was bundled, copy node_modules/wasmtune/dist/${file} beside the bundle, or pass the module to init(): ${pass}`,
      { cause: err },
    );
  }
  return compileOpened(opened);
}

function isMissing(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === "ENOENT" || (err instanceof HttpError && err.status === 404);
}

/** A response that is not 2xx. */
class HttpError extends Error {
  constructor(
    where: string,
    readonly status: number,
  ) {
    super(`wasmtune: fetching ${where} failed with HTTP ${status}`);
  }
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
  if (typeof source === "string" || source instanceof URL) return compileOpened(await open(toUrl(source)));
  if (isResponse(source)) return fromResponse(await source);
  return wasmApi().compile(source as Bytes);
}

/**
 * The bytes of a file given as a URL or path: read from disk for `file:`
 * URLs (and bare paths on servers), fetched otherwise.
 */
export async function readBytes(where: string | URL): Promise<Uint8Array<ArrayBuffer>> {
  const opened = await open(toUrl(where));
  return opened instanceof Uint8Array ? opened : new Uint8Array(await opened.arrayBuffer());
}

// A file's bytes from disk, or over HTTP its successful response, left
// unread so that a .wasm can be compiled while it streams in.
async function open(url: URL): Promise<Uint8Array<ArrayBuffer> | ResponseLike> {
  if (url.protocol === "file:") return readFile(url);
  const res = await fetch(url);
  if (!res.ok) throw new HttpError(url.href, res.status);
  return res;
}

async function readFile(url: URL): Promise<Uint8Array<ArrayBuffer>> {
  // Deno's own reader: loading its node:fs costs 40-70 ms.
  const deno = (globalThis as { Deno?: { readFile(path: URL): Promise<Uint8Array<ArrayBuffer>> } }).Deno;
  if (deno) return deno.readFile(url);
  // Hidden from bundlers so browser builds do not try to resolve node:fs.
  const fsName = "node:fs/promises";
  const fs = (await import(/* @vite-ignore */ /* webpackIgnore: true */ fsName)) as {
    readFile(path: URL): Promise<Uint8Array<ArrayBuffer>>;
  };
  return fs.readFile(url);
}

function compileOpened(opened: Uint8Array<ArrayBuffer> | ResponseLike): Promise<WasmModule> {
  return opened instanceof Uint8Array ? wasmApi().compile(opened) : fromResponse(opened);
}

async function fromResponse(res: ResponseLike): Promise<WasmModule> {
  if (!res.ok) throw new HttpError(res.url || "the .wasm", res.status);
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
