// Padding an image plane, shared by the convolution kernels (not exported
// from the module). A padded index reads the input index `source` gives, or a
// zero; torch's "reflect" mirrors back into the image without repeating the edge.
import { bodyBytes, loadTail, storeTail } from "./lanes";

/** The input index a padded index i reads in a dimension of size n, or -1 when it reads a zero. A reflected index needs n > pad (the host checks). */
@inline export function source(i: i32, n: i32, reflect: bool): i32 {
  if (i >= 0 && i < n) return i;
  if (!reflect) return -1;
  return i < 0 ? -i : 2 * (n - 1) - i;
}

/** dst [hp, wp] = the plane src [h, w] placed at (top, left) with its padding filled in. */
export function padPlane(src: usize, dst: usize, h: i32, w: i32, top: i32, left: i32, hp: i32, wp: i32, reflect: bool): void {
  padRegion(src, dst, h, w, top, left, hp, wp, hp, wp, reflect);
}

/** dst [hq, wq] = padPlane's [hp, wp] plane in its top-left corner and zeros beyond (hq ≥ hp, wq ≥ wp). */
export function padRegion(src: usize, dst: usize, h: i32, w: i32, top: i32, left: i32, hp: i32, wp: i32, hq: i32, wq: i32, reflect: bool): void {
  // Whole vectors without loadN's and storeN's tests, then the row's partial
  // vector: small planes (depthwise layers) spent half their forward here.
  const zeroBody = bodyBytes(wq), zeroCount = wq & 3;
  for (let py = 0; py < hq; py++) {
    const d = dst + ((<usize>py * <usize>wq) << 2);
    const iy = py < hp ? source(py - top, h, reflect) : -1;
    if (iy < 0) {
      for (let o: usize = 0; o < zeroBody; o += 16) v128.store(d + o, f32x4.splat(0));
      if (zeroCount != 0) storeTail(d + zeroBody, f32x4.splat(0), zeroCount);
      continue;
    }
    const s = src + ((<usize>iy * <usize>w) << 2);
    for (let px = 0; px < left; px++) padTap(s, d, px, px - left, w, reflect);
    copyRow(s, d + (<usize>left << 2), w);
    for (let px = left + w; px < wp; px++) padTap(s, d, px, px - left, w, reflect);
    for (let px = wp; px < wq; px++) store<f32>(d + (<usize>px << 2), 0);
  }
}

/**
 * padRegion's dst for zero padding (reflect false) when dst already holds
 * that of another plane of the same size: only the interior changes, so only
 * the h rows of src are copied in. Every plane after the first skips the
 * zero rows and columns (Winograd's 14×14 planes: 18 rows of 20 floats).
 */
export function placePlane(src: usize, dst: usize, h: i32, w: i32, top: i32, left: i32, wq: i32): void {
  for (let iy = 0; iy < h; iy++) copyRow(src + ((<usize>iy * <usize>w) << 2), dst + ((<usize>(iy + top) * <usize>wq + <usize>left) << 2), w);
}

// The n floats at s to d: whole vectors without loadN's and storeN's tests, then the row's partial vector.
@inline function copyRow(s: usize, d: usize, n: i32): void {
  const body = bodyBytes(n), count = n & 3;
  for (let o: usize = 0; o < body; o += 16) v128.store(d + o, v128.load(s + o));
  if (count != 0) storeTail(d + body, loadTail(s + body, count), count);
}

@inline function padTap(s: usize, d: usize, px: i32, i: i32, w: i32, reflect: bool): void {
  const ix = source(i, w, reflect);
  store<f32>(d + (<usize>px << 2), ix < 0 ? 0 : load<f32>(s + (<usize>ix << 2)));
}

/**
 * The adjoint of padPlane: dst [h, w] = the interior of src [hp, wp] (rows
 * `stride` floats apart, stride ≥ wp); with reflection every padded entry
 * is then added into the input entry it mirrors, in row-major order of the
 * padded plane.
 */
export function unpadPlane(src: usize, dst: usize, h: i32, w: i32, top: i32, left: i32, hp: i32, wp: i32, reflect: bool, stride: i32): void {
  for (let iy = 0; iy < h; iy++) copyRow(src + ((<usize>(iy + top) * <usize>stride + <usize>left) << 2), dst + ((<usize>iy * <usize>w) << 2), w);
  if (!reflect) return;
  for (let py = 0; py < hp; py++) {
    const iy = source(py - top, h, true);
    const inside = py >= top && py < top + h;
    for (let px = 0; px < wp; px++) {
      if (inside && px >= left && px < left + w) continue;
      const ix = source(px - left, w, true);
      const d = dst + ((<usize>iy * <usize>w + <usize>ix) << 2);
      store<f32>(d, load<f32>(d) + load<f32>(src + ((<usize>py * <usize>stride + <usize>px) << 2)));
    }
  }
}
