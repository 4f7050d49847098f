// wasmtune as an app's bundler sees it: dist/index.js and every module it
// imports in one ES module file, written by esbuild, optionally with the .wasm
// builds copied beside it. A single file also gives a fresh copy of the
// package per import URL (`bundle.js?copy=2`), with its own init() state,
// which a tree of modules cannot: its runtime/wasm.js would be shared.
import { build } from "esbuild";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));

/**
 * Bundle `dist/index.js` into a new temporary directory (with the .wasm files
 * beside it when `wasm`); returns the bundle's file URL. `format: "iife"`
 * makes a classic script defining a global `wasmtune`, without import.meta.
 */
export async function bundleCopy({ wasm = true, format = "esm" } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "wasmtune-bundle-"));
  const outfile = join(dir, "wasmtune.js");
  await build({
    entryPoints: [join(dist, "index.js")],
    outfile,
    bundle: true,
    format,
    globalName: "wasmtune",
    platform: "neutral",
    target: "es2022",
    external: ["node:*"],
    logLevel: "warning",
  });
  if (wasm) for (const file of ["wasmtune.wasm", "wasmtune.relaxed.wasm"]) copyFileSync(join(dist, file), join(dir, file));
  return pathToFileURL(outfile);
}
