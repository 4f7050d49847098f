// A static file server on 127.0.0.1 (a free port) for the browser tests.
// Sends `application/wasm`, which streaming compilation requires, serves
// `index.html` for directories and refuses paths outside its root. With
// `crossOriginIsolated`, every answer carries COOP/COEP, which browsers
// require before they grant SharedArrayBuffer (tuning workers use it).
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".csv": "text/csv; charset=utf-8",
  ".map": "application/json",
};

const ISOLATION = { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" };

/** Serve `root`; resolves to its base URL and a `close()`. */
export async function serve(root, { crossOriginIsolated = false } = {}) {
  const base = normalize(root + sep);
  const extra = crossOriginIsolated ? ISOLATION : {};
  const server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const path = normalize(join(base, pathname.endsWith("/") ? `${pathname}index.html` : pathname));
    if (!path.startsWith(base)) return void res.writeHead(403).end();
    try {
      const body = await readFile(path);
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream", ...extra }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
