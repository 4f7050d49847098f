// Finding and compiling the default `.wasm`. The only place that knows how
// each environment reads a file: browsers and Deno fetch the URL, Node and
// Bun read `file:` URLs from disk (Node's fetch does not support `file:`).

const DEFAULT_WASM = "./wasmtune.wasm";

export async function loadDefaultModule(where?: string | URL): Promise<WebAssembly.Module> {
  const url = where === undefined ? new URL(DEFAULT_WASM, import.meta.url) : toUrl(where);
  if (url.protocol === "file:") {
    // Hidden from bundlers so browser builds do not try to resolve node:fs.
    const fsName = "node:fs/promises";
    const fs = (await import(/* @vite-ignore */ /* webpackIgnore: true */ fsName)) as {
      readFile(path: URL): Promise<Uint8Array<ArrayBuffer>>;
    };
    return WebAssembly.compile(await fs.readFile(url));
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`wasmtune: fetching ${url} failed with HTTP ${res.status}`);
  return WebAssembly.compile(await res.arrayBuffer());
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
    throw new Error(`wasmtune: cannot resolve the .wasm location ${where}`);
  }
}
