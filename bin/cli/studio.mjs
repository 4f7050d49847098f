// `wasmtune studio`: serves the studio page (dist/studio/, where / leads) and
// the modules its worker imports (dist/, and the compiler's bindings in
// build/) on 127.0.0.1. Nothing outside those two folders of the package is
// served, and the page's policy lets it load nothing from anywhere else, so
// the dropped CSV and the trained model stay in the browser.
import { createServer } from "node:http";
import { readFile, realpath } from "node:fs/promises";
import { extname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".map": "application/json",
};

// 'wasm-unsafe-eval' compiles the .wasm; inline styles are ECharts' own.
const POLICY = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; base-uri 'none'; form-action 'none'";

/** The folders of the package the studio serves. */
const SERVED = ["dist", "build"];

/**
 * The file of `root`'s served folders a request path names, or undefined
 * when it is not one: `..` segments (also percent-encoded), backslashes and
 * NUL are refused before the path is joined, and links leading out of the
 * served folders after it.
 */
export async function resolveInside(root, pathname) {
  let path;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (path.includes("\0") || path.includes("\\") || path.split("/").some((s) => s === "..")) return undefined;
  const file = join(root, path.endsWith("/") ? `${path}index.html` : path);
  const real = await realpath(file).catch(() => undefined);
  return real !== undefined && SERVED.some((dir) => real.startsWith(join(root, dir) + sep)) ? real : undefined;
}

/** Start the server; resolves to `{ url, close }` once it listens. */
export async function serveStudio({ port = 0, host = "127.0.0.1" } = {}) {
  const root = await realpath(fileURLToPath(new URL("../..", import.meta.url)));
  const server = createServer(async (req, res) => {
    const headers = { "content-security-policy": POLICY, "x-content-type-options": "nosniff", "cache-control": "no-store", "cross-origin-resource-policy": "same-origin" };
    if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405, { ...headers, allow: "GET, HEAD" }).end();
    const url = new URL(req.url, "http://studio");
    if (url.pathname === "/") return void res.writeHead(302, { ...headers, location: "/dist/studio/" }).end();
    const file = await resolveInside(root, url.pathname);
    if (file === undefined) return void res.writeHead(404, headers).end("not found\n");
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, headers).end("not found\n");
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const { port: bound } = server.address();
  return { url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Run the command: serve until interrupted. */
export async function studioCommand(_wt, _files, o, print) {
  const { url } = await serveStudio({ port: o.port, host: o.host });
  print(`wasmtune studio at ${url} (Ctrl-C to stop)`);
  if (o.host !== "127.0.0.1" && o.host !== "localhost" && o.host !== "::1") print(`note: --host ${o.host} lets other machines open the studio`);
  await new Promise(() => {});
  return 0;
}
