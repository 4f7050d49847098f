// im2col and col2im for one sample's channels of an NCHW convolution: the
// layout the GEMM turns into a convolution (docs/nn.md, "Convolutions").
//
// `col` is row-major [c·kh·kw, oh·ow]: row (ci, ki, kj) holds, for every output
// position (oy, ox), the input value its kernel tap (ki, kj) reads,
//   x[ci, oy·sh − padTop + ki·dh, ox·sw − padLeft + kj·dw],
// zero outside the image (reflect = 0) or mirrored back into it without
// repeating the edge (reflect ≠ 0, torch's "reflect" padding). The host
// computes oh and ow, so asymmetric padding ("same" with an even kernel)
// needs only the top and left amounts here.
//
// col2im is the adjoint: it adds every col entry into the input position it
// came from (the host zeroes gx first); a mirrored position adds into its
// source, as the backward of torch's reflection pad does.
import { loadN, storeN } from "./lanes";

// The input index a padded index i reads in a dimension of size n, or -1
// when it reads a zero. A reflected index needs n > pad (the host checks).
@inline function source(i: i32, n: i32, reflect: bool): i32 {
  if (i >= 0 && i < n) return i;
  if (!reflect) return -1;
  return i < 0 ? -i : 2 * (n - 1) - i;
}

/** Fill col [c·kh·kw, oh·ow] from x [c, h, w] (see the file comment). */
export function im2col(
  x: usize, col: usize, c: i32, h: i32, w: i32, kh: i32, kw: i32,
  padTop: i32, padLeft: i32, sh: i32, sw: i32, dh: i32, dw: i32, oh: i32, ow: i32, reflect: i32,
): void {
  const rowBytes = <usize>ow << 2;
  let dst = col;
  for (let ci = 0; ci < c; ci++) {
    const plane = x + ((<usize>ci * <usize>h * <usize>w) << 2);
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const x0 = kj * dw - padLeft;
        // Output columns whose tap lands inside the row: a plain copy when the stride is 1.
        const lo = x0 >= 0 ? 0 : min(ow, (-x0 + sw - 1) / sw);
        const hi = max(lo, min(ow, x0 < w ? (w - 1 - x0) / sw + 1 : 0));
        for (let oy = 0; oy < oh; oy++) {
          const iy = source(oy * sh - padTop + ki * dh, h, reflect != 0);
          if (iy < 0) {
            for (let j = 0; j < ow; j += 4) storeN(dst + (<usize>j << 2), f32x4.splat(0), ow - j);
          } else {
            const src = plane + ((<usize>iy * <usize>w) << 2);
            if (sw == 1 && reflect == 0) {
              // Rows are short (an image's width): vector loops beat memory.fill/copy calls here.
              for (let j = 0; j < ow; j += 4) storeN(dst + (<usize>j << 2), f32x4.splat(0), ow - j);
              const d = dst + (<usize>lo << 2), from = src + (<usize>(lo + x0) << 2), n = hi - lo;
              for (let j = 0; j < n; j += 4) storeN(d + (<usize>j << 2), loadN(from + (<usize>j << 2), n - j), n - j);
            } else {
              for (let ox = 0; ox < ow; ox++) {
                const ix = source(ox * sw + x0, w, reflect != 0);
                store<f32>(dst + (<usize>ox << 2), ix < 0 ? 0 : load<f32>(src + (<usize>ix << 2)));
              }
            }
          }
          dst += rowBytes;
        }
      }
    }
  }
}

/** gx [c, h, w] += col [c·kh·kw, oh·ow] scattered back (the adjoint of im2col). */
export function col2im(
  col: usize, gx: usize, c: i32, h: i32, w: i32, kh: i32, kw: i32,
  padTop: i32, padLeft: i32, sh: i32, sw: i32, dh: i32, dw: i32, oh: i32, ow: i32, reflect: i32,
): void {
  const rowBytes = <usize>ow << 2;
  let s = col;
  for (let ci = 0; ci < c; ci++) {
    const plane = gx + ((<usize>ci * <usize>h * <usize>w) << 2);
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const x0 = kj * dw - padLeft;
        const lo = x0 >= 0 ? 0 : min(ow, (-x0 + sw - 1) / sw);
        const hi = max(lo, min(ow, x0 < w ? (w - 1 - x0) / sw + 1 : 0));
        for (let oy = 0; oy < oh; oy++) {
          const iy = source(oy * sh - padTop + ki * dh, h, reflect != 0);
          if (iy >= 0) {
            const dst = plane + ((<usize>iy * <usize>w) << 2);
            if (sw == 1 && reflect == 0) {
              const d = dst + (<usize>(lo + x0) << 2), from = s + (<usize>lo << 2);
              const n = hi - lo;
              for (let j = 0; j < n; j += 4) {
                const o = <usize>j << 2;
                storeN(d + o, f32x4.add(loadN(d + o, n - j), loadN(from + o, n - j)), n - j);
              }
            } else {
              for (let ox = 0; ox < ow; ox++) {
                const ix = source(ox * sw + x0, w, reflect != 0);
                if (ix >= 0) {
                  const p = dst + (<usize>ix << 2);
                  store<f32>(p, load<f32>(p) + load<f32>(s + (<usize>ox << 2)));
                }
              }
            }
          }
          s += rowBytes;
        }
      }
    }
  }
}

/**
 * out[i, :] = values[i] for a row-major [rows, cols] matrix: a convolution's
 * output starts as its bias, then the GEMM adds the products (as Linear's).
 */
export function fillRows(values: usize, out: usize, rows: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let i = 0; i < rows; i++) {
    const v = v128.load32_splat(values + (<usize>i << 2));
    const r = out + <usize>i * rowBytes;
    for (let j = 0; j < cols; j += 4) storeN(r + (<usize>j << 2), v, cols - j);
  }
}
