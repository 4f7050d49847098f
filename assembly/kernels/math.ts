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

// erf and erfc after Sun's fdlibm s_erf.c (the algorithm musl, FreeBSD,
// glibc and Optuna's _erf.py share): rational approximations on four
// intervals, and for large |x| a product of two exps whose first factor takes
// x with its low word cleared, so that exp(-x²) keeps full precision.
const ERX: f64 = 8.45062911510467529297e-01;
const EFX8: f64 = 1.02703333676410069053e00;

@inline function erfSmall(x: f64): f64 {
  // |x| < 0.84375: erf(x) = x + x·R(x²)/S(x²).
  const z = x * x;
  const r = 1.28379167095512558561e-01 + z * (-3.25042107247001499370e-01 + z * (-2.84817495755985104766e-02 + z * (-5.77027029648944159157e-03 + z * -2.37630166566501626084e-05)));
  const s = 1.0 + z * (3.97917223959155352819e-01 + z * (6.50222499887672944485e-02 + z * (5.08130628187576562776e-03 + z * (1.32494738004321644526e-04 + z * -3.96022827877536812320e-06))));
  return x * (r / s);
}

/** erfc(|x|) for 0.84375 ≤ |x| < 28 (`ix` is the high word of |x|). */
function erfcTail(ix: u32, x: f64): f64 {
  const a = abs<f64>(x);
  if (ix < 0x3ff40000) {
    // |x| < 1.25: erf(|x|) = erx + P(s)/Q(s), s = |x| - 1.
    const s = a - 1.0;
    const p = -2.36211856075265944077e-03 + s * (4.14856118683748331666e-01 + s * (-3.72207876035701323847e-01 + s * (3.18346619901161753674e-01 + s * (-1.10894694282396677476e-01 + s * (3.54783043256182359371e-02 + s * -2.16637559486879084300e-03)))));
    const q = 1.0 + s * (1.06420880400844228286e-01 + s * (5.40397917702171048937e-01 + s * (7.18286544141962662868e-02 + s * (1.26171219808761642112e-01 + s * (1.36370839120290507362e-02 + s * 1.19844998467991074170e-02)))));
    return 1.0 - ERX - p / q;
  }
  const s = 1.0 / (a * a);
  let r: f64, t: f64;
  if (ix < 0x4006db6d) {
    // |x| < 1/0.35
    r = -9.86494403484714822705e-03 + s * (-6.93858572707181764372e-01 + s * (-1.05586262253232909814e01 + s * (-6.23753324503260060396e01 + s * (-1.62396669462573470355e02 + s * (-1.84605092906711035994e02 + s * (-8.12874355063065934246e01 + s * -9.81432934416914548592e00))))));
    t = 1.0 + s * (1.96512716674392571292e01 + s * (1.37657754143519042600e02 + s * (4.34565877475229228821e02 + s * (6.45387271733267880336e02 + s * (4.29008140027567833386e02 + s * (1.08635005541779435134e02 + s * (6.57024977031928170135e00 + s * -6.04244152148580987438e-02)))))));
  } else {
    r = -9.86494292470009928597e-03 + s * (-7.99283237680523006574e-01 + s * (-1.77579549177547519889e01 + s * (-1.60636384855821916062e02 + s * (-6.37566443368389627722e02 + s * (-1.02509513161107724954e03 + s * -4.83519191608651397019e02)))));
    t = 1.0 + s * (3.03380607434824582924e01 + s * (3.25792512996573918826e02 + s * (1.53672958608443695994e03 + s * (3.19985821950859553908e03 + s * (2.55305040643316442583e03 + s * (4.74528541206955367215e02 + s * -2.24409524465858183362e01))))));
  }
  const z = reinterpret<f64>(reinterpret<u64>(a) & 0xffffffff00000000);
  return NativeMath.exp(-z * z - 0.5625) * NativeMath.exp((z - a) * (z + a) + r / t) / a;
}

export function mathErf(x: f64): f64 {
  const hx = <u32>(reinterpret<u64>(x) >> 32);
  const sign = hx >> 31;
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) return <f64>(1 - 2 * <i32>sign) + 1.0 / x; // NaN stays NaN, ±inf → ±1
  if (ix < 0x3feb0000) {
    if (ix < 0x3e300000) return 0.125 * (8.0 * x + EFX8 * x); // |x| < 2^-28
    return x + erfSmall(x);
  }
  const y = ix < 0x40180000 ? 1.0 - erfcTail(ix, x) : 1.0 - 2.2250738585072014e-308;
  return sign ? -y : y;
}

export function mathErfc(x: f64): f64 {
  const hx = <u32>(reinterpret<u64>(x) >> 32);
  const sign = hx >> 31;
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) return <f64>(2 * <i32>sign) + 1.0 / x;
  if (ix < 0x3feb0000) {
    if (ix < 0x3c700000) return 1.0 - x; // |x| < 2^-56
    const y = erfSmall(x);
    if (sign || ix < 0x3fd00000) return 1.0 - (x + y); // x < 1/4
    return 0.5 - (x - 0.5 + y);
  }
  if (ix < 0x403c0000) return sign ? 2.0 - erfcTail(ix, x) : erfcTail(ix, x);
  return sign ? 2.0 - 2.2250738585072014e-308 : 2.2250738585072014e-308 * 2.2250738585072014e-308;
}
