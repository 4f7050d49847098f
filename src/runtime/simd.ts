// The kernels are built with fixed-width SIMD; an engine without it would
// fail to compile the module with an opaque validation error. Probing first
// turns that into a message that names the missing feature. The opt-in
// relaxed-SIMD build is probed the same way before it is chosen.

import { wasmApi, webAssembly } from "./web_types.js";

// The smallest module using SIMD: one function running `i32.const 0; i8x16.splat; drop`.
const PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: () -> ()
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x09, 0x01, 0x07, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x1a, 0x0b, // code section
]);

/** Throw a clear error when this runtime lacks WebAssembly or its 128-bit SIMD. */
export function requireSimd(): void {
  if (typeof webAssembly() !== "object") {
    throw new Error("wasmtune needs WebAssembly, which this runtime does not provide");
  }
  if (!wasmApi().validate(PROBE)) {
    throw new Error("wasmtune needs WebAssembly SIMD (fixed-width, 128-bit), which this runtime does not support");
  }
}

// The smallest module using f32x4.relaxed_madd, the one relaxed instruction the
// relaxed build relies on: three `i32.const 0; i8x16.splat`, then the madd and a drop.
const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: () -> ()
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x14, 0x01, 0x12, 0x00, // code section: one 18-byte body without locals
  0x41, 0x00, 0xfd, 0x0f, 0x41, 0x00, 0xfd, 0x0f, 0x41, 0x00, 0xfd, 0x0f,
  0xfd, 0x85, 0x02, 0x1a, 0x0b, // f32x4.relaxed_madd (0xfd 0x105), drop, end
]);

/** True when this engine accepts relaxed SIMD (on by default in V8 11.4+, behind a flag in Node 20). */
export function hasRelaxedSimd(): boolean {
  return wasmApi().validate(RELAXED_PROBE);
}
