// Loads a module of src/ directly (bundled by esbuild in memory), for tests of
// internals the package does not export, such as the importance forest.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

/** Import `src/<path>` (TypeScript) as an ES module. */
export async function importSource(path) {
  const entry = fileURLToPath(new URL(`../../src/${path}`, import.meta.url));
  const out = await build({ entryPoints: [entry], bundle: true, write: false, format: "esm", platform: "neutral", target: "es2022", logLevel: "error" });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString("base64")}`);
}
