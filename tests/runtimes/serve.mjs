// A static file server on 127.0.0.1 (a free port) for the browser tests.
// Sends `application/wasm`, which streaming compilation requires, serves
// `index.html` for directories and refuses paths outside its root.
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

/** Serve `root`; resolves to its base URL and a `close()`. */
export async function serve(root) {
  const base = normalize(root + sep);
  const server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const path = normalize(join(base, pathname.endsWith("/") ? `${pathname}index.html` : pathname));
    if (!path.startsWith(base)) return void res.writeHead(403).end();
    try {
      const body = await readFile(path);
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(body);
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
