// The kernels are built with fixed-width SIMD; an engine without it would
// fail to compile the module with an opaque validation error. Probing first
// turns that into a message that names the missing feature.

// The smallest module using SIMD: one function running `i32.const 0; i8x16.splat; drop`.
const PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: () -> ()
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x09, 0x01, 0x07, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x1a, 0x0b, // code section
]);

/** Throw a clear error when this runtime lacks WebAssembly or its 128-bit SIMD. */
export function requireSimd(): void {
  if (typeof WebAssembly !== "object") {
    throw new Error("wasmtune needs WebAssembly, which this runtime does not provide");
  }
  if (!WebAssembly.validate(PROBE)) {
    throw new Error("wasmtune needs WebAssembly SIMD (fixed-width, 128-bit), which this runtime does not support");
  }
}
