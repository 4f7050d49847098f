// The samplers' modules for tests, bundled from src/ by esbuild (the `tune`
// root export is added with the Study API), with their own initialised runtime.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const src = (p) => fileURLToPath(new URL(`../../src/${p}`, import.meta.url));
const entry = `
export { init } from ${JSON.stringify(src("runtime/wasm.ts"))};
export * as math from ${JSON.stringify(src("runtime/math.ts"))};
export { Generator } from ${JSON.stringify(src("random/generator.ts"))};
export * from ${JSON.stringify(src("tune/distributions.ts"))};
export * as truncnorm from ${JSON.stringify(src("tune/samplers/tpe/truncnorm.ts"))};
export * from ${JSON.stringify(src("tune/samplers/tpe/index.ts"))};
export * from ${JSON.stringify(src("tune/samplers/transform.ts"))};
export * from ${JSON.stringify(src("tune/samplers/sobol.ts"))};
export * from ${JSON.stringify(src("tune/samplers/qmc.ts"))};
export * from ${JSON.stringify(src("tune/samplers/tpe/split.ts"))};
export * from ${JSON.stringify(src("tune/samplers/tpe/hypervolume.ts"))};
export * from ${JSON.stringify(src("tune/samplers/search_space.ts"))};
export * from ${JSON.stringify(src("tune/samplers/cmaes/index.ts"))};
`;
const out = await build({ stdin: { contents: entry, resolveDir: fileURLToPath(new URL(".", import.meta.url)), loader: "ts" }, bundle: true, format: "esm", write: false, platform: "neutral", logLevel: "error" });
/** The bundled modules, runtime initialised. */
export const S = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString("base64")}`);
await S.init(readFileSync(new URL("../../dist/wasmtune.wasm", import.meta.url)));

/** Undo the fixture generator's encoding of NaN and infinities as strings. */
export function revive(o) {
  if (o === "NaN") return NaN;
  if (o === "Infinity") return Infinity;
  if (o === "-Infinity") return -Infinity;
  if (Array.isArray(o)) return o.map(revive);
  if (o !== null && typeof o === "object") return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, revive(v)]));
  return o;
}
