// Scalar f64 math for the host. JavaScript engines may differ in the last bit
// of Math.exp/log/pow/cos (V8 vs JavaScriptCore); these are AssemblyScript's
// own (musl-derived) implementations compiled to WebAssembly, so every
// runtime computes the same bits. Schedulers, initialisers and losses use
// them through src/runtime/math.ts.

export function mathExp(x: f64): f64 {
  return NativeMath.exp(x);
}

export function mathLog(x: f64): f64 {
  return NativeMath.log(x);
}

export function mathLog1p(x: f64): f64 {
  return NativeMath.log1p(x);
}

export function mathPow(x: f64, y: f64): f64 {
  return NativeMath.pow(x, y);
}

export function mathCos(x: f64): f64 {
  return NativeMath.cos(x);
}

export function mathSin(x: f64): f64 {
  return NativeMath.sin(x);
}

export function mathTanh(x: f64): f64 {
  return NativeMath.tanh(x);
}

export function mathSqrt(x: f64): f64 {
  return sqrt<f64>(x);
}
