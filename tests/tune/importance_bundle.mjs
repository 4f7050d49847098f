// The importance modules for tests, bundled from src/ by esbuild with their
// own initialised runtime, including internals the package does not export:
// the CART tree, the forest and the fANOVA decomposition. (The public
// `tune.importance` is tested through dist/ in importance_runtimes.test.mjs.)
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const modules = [
  "runtime/wasm.ts",
  "random/generator.ts",
  "tune/distributions.ts",
  "tune/importance/index.ts",
  "tune/importance/forest/cart.ts",
  "tune/importance/forest/forest.ts",
  "tune/importance/fanova/tree.ts",
  "tune/importance/fanova/fanova.ts",
];
const contents = modules.map((m) => `export * from ${JSON.stringify(fileURLToPath(new URL(`../../src/${m}`, import.meta.url)))};`).join("\n");
const bundled = await build({ stdin: { contents, resolveDir: fileURLToPath(new URL(".", import.meta.url)), loader: "ts" }, bundle: true, format: "esm", write: false, platform: "neutral", logLevel: "error" });

/** The bundled modules (runtime initialised). */
export const I = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString("base64")}`);
await I.init(readFileSync(new URL("../../dist/wasmtune.wasm", import.meta.url)));
