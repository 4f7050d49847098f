// Where `init()` looks for the .wasm builds when it is given no source: beside
// this module, which the build puts in dist/ next to them. When an app bundles
// wasmtune, this module is inlined and "beside" becomes beside the app's
// bundle; bundlers that understand `new URL("<literal>", import.meta.url)`
// (Vite, webpack) copy the file there, which is why each URL is a literal
// here and the module sits at the top of the tree.

/** The URL of the default (`relaxed` false) or relaxed-SIMD build beside this module; throws where `import.meta.url` is unusable. */
export function besideUrl(relaxed: boolean): URL {
  return relaxed ? new URL("./wasmtune.relaxed.wasm", import.meta.url) : new URL("./wasmtune.wasm", import.meta.url);
}
