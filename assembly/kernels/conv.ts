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
import { source } from "./padding";

/** Fill col [c·kh·kw, oh·ow] from x [c, h, w] (see the file comment). */
export function im2col(
  x: usize, col: usize, c: i32, h: i32, w: i32, kh: i32, kw: i32,
  padTop: i32, padLeft: i32, sh: i32, sw: i32, dh: i32, dw: i32, oh: i32, ow: i32, reflect: i32,
): void {
  walk(x, col, c, h, w, kh, kw, padTop, padLeft, sh, sw, dh, dw, oh, ow, reflect != 0, false);
}

/** gx [c, h, w] += col [c·kh·kw, oh·ow] scattered back (the adjoint of im2col). */
export function col2im(
  col: usize, gx: usize, c: i32, h: i32, w: i32, kh: i32, kw: i32,
  padTop: i32, padLeft: i32, sh: i32, sw: i32, dh: i32, dw: i32, oh: i32, ow: i32, reflect: i32,
): void {
  walk(gx, col, c, h, w, kh, kw, padTop, padLeft, sh, sw, dh, dw, oh, ow, reflect != 0, true);
}

// Visit every (col row, output row) pair once, in col's order: gather x into
// col, or (scatter) add col into x. `scatter` is a constant at both call
// sites, so each export keeps only its own branch.
@inline function walk(
  x: usize, col: usize, c: i32, h: i32, w: i32, kh: i32, kw: i32,
  padTop: i32, padLeft: i32, sh: i32, sw: i32, dh: i32, dw: i32, oh: i32, ow: i32, reflect: bool, scatter: bool,
): void {
  const rowBytes = <usize>ow << 2;
  let at = col;
  for (let ci = 0; ci < c; ci++) {
    const plane = x + ((<usize>ci * <usize>h * <usize>w) << 2);
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const x0 = kj * dw - padLeft;
        // Output columns whose tap lands inside the row: a plain vector copy (or add) when the stride is 1.
        const lo = x0 >= 0 ? 0 : min(ow, (-x0 + sw - 1) / sw);
        const hi = max(lo, min(ow, x0 < w ? (w - 1 - x0) / sw + 1 : 0));
        for (let oy = 0; oy < oh; oy++) {
          const iy = source(oy * sh - padTop + ki * dh, h, reflect);
          const row: usize = iy < 0 ? 0 : plane + ((<usize>iy * <usize>w) << 2);
          if (sw == 1 && !reflect) {
            if (scatter) {
              if (row != 0) addRow(row + (<usize>(lo + x0) << 2), at + (<usize>lo << 2), hi - lo);
            } else {
              zeroRow(at, ow);
              if (row != 0) copyRow(row + (<usize>(lo + x0) << 2), at + (<usize>lo << 2), hi - lo);
            }
          } else {
            for (let ox = 0; ox < ow; ox++) {
              const ix = iy < 0 ? -1 : source(ox * sw + x0, w, reflect);
              const p = row + (<usize>ix << 2), q = at + (<usize>ox << 2);
              if (scatter) {
                if (ix >= 0) store<f32>(p, load<f32>(p) + load<f32>(q));
              } else {
                store<f32>(q, ix < 0 ? 0 : load<f32>(p));
              }
            }
          }
          at += rowBytes;
        }
      }
    }
  }
}

// Image rows are short: vector loops beat memory.fill/memory.copy calls here.
@inline function zeroRow(d: usize, n: i32): void {
  for (let j = 0; j < n; j += 4) storeN(d + (<usize>j << 2), f32x4.splat(0), n - j);
}
@inline function copyRow(s: usize, d: usize, n: i32): void {
  for (let j = 0; j < n; j += 4) storeN(d + (<usize>j << 2), loadN(s + (<usize>j << 2), n - j), n - j);
}
// d[0..n) += s[0..n)
@inline function addRow(d: usize, s: usize, n: i32): void {
  for (let j = 0; j < n; j += 4) {
    const o = <usize>j << 2;
    storeN(d + o, f32x4.add(loadN(d + o, n - j), loadN(s + o, n - j)), n - j);
  }
}
