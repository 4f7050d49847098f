// Compiles the TypeScript host into dist/ as a tree of ES modules, one per
// source file, copies the .wasm builds beside it and emits .d.ts types. Run
// after `npm run build:wasm`. One file per module (esbuild `bundle: false`)
// plus `"sideEffects": false` in package.json is what lets an app's bundler
// drop the parts of wasmtune it does not import; a single pre-bundled file
// cannot be tree-shaken (its namespace objects reference every export).
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
rmSync(`${root}/dist`, { recursive: true, force: true });
mkdirSync(`${root}/dist`, { recursive: true });

await build({
  entryPoints: readdirSync(`${root}/src`, { recursive: true })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => `${root}/src/${f}`),
  outdir: `${root}/dist`,
  outbase: `${root}/src`,
  bundle: false,
  format: "esm",
  platform: "neutral",
  // esbuild's default target emits Uint8Array.fromBase64, missing in Node 20/22.
  target: "es2022",
  // Maps for debugging in this repository (they point into src/); package.json
  // keeps them out of the published package, which has no src/.
  sourcemap: "linked",
  sourcesContent: false,
  logLevel: "warning",
});
// The default build and the opt-in relaxed-SIMD one (`init({ relaxedSimd: true })`),
// each with types for `import wasm from "wasmtune/<file>"` on edge runtimes
// (workerd), whose bundlers turn a .wasm import into a compiled module.
for (const file of ["wasmtune.wasm", "wasmtune.relaxed.wasm"]) {
  copyFileSync(`${root}/build/${file}`, `${root}/dist/${file}`);
  writeFileSync(`${root}/dist/${file}.d.ts`, 'import type { WasmModule } from "./runtime/web_types.js";\ndeclare const module: WasmModule;\nexport default module;\n');
}

// asc's bindings name `WebAssembly.Memory` and `WebAssembly.Module`, which a
// project without the DOM lib (es2022 + @types/node) does not have. A
// module-local namespace of the same name, structurally compatible with the
// engine's, lets the shipped types compile there too.
const bindings = `${root}/build/wasmtune.d.ts`;
const LOCAL_WEBASSEMBLY =
  "declare namespace WebAssembly {\n" +
  "  interface Memory { readonly buffer: ArrayBuffer; grow(delta: number): number }\n" +
  "  interface Module { readonly [Symbol.toStringTag]?: string }\n" +
  "}\n";
const text = readFileSync(bindings, "utf8");
if (!text.startsWith(LOCAL_WEBASSEMBLY)) writeFileSync(bindings, LOCAL_WEBASSEMBLY + text);

try {
  execFileSync(process.execPath, [`${root}/node_modules/typescript/bin/tsc`, "-p", `${root}/tsconfig.json`], { stdio: "inherit" });
} catch {
  console.error("build: type check failed (see above)");
  process.exit(1);
}
