// The Winograd tile transforms of every variant and the kernel transforms of
// F(4×4, 3×3) and F(5×5, 3×3) (assembly/kernels/winograd.ts, winograd4.ts,
// winograd5.ts) bit for bit against
// float32 scalar models that do the kernels' arithmetic in the kernels'
// order: each 1-D transform applied along one axis, then the other, every
// operation rounded to float32, the adjoint's scattered sums added into the
// padded plane group by group as the kernels add them. winograd.test.mjs
// checks the values against exact references within a bound; this file pins
// the bits, so that a change of how the kernels get there (unrolled passes,
// whole-vector paths for full groups, the first plane padded whole and the
// next ones copied in over its zeros, four kernels a vector) cannot change a
// result unnoticed. Shapes: odd sizes, padding 0, 1 and 2, zero and reflect
// padding, rows of one, two and more groups of four tiles with the last one
// full or partial, 1 and 3 samples of 1 and 2 channels. The padded scratch
// starts full of NaNs, so that every entry a patch reads must have been
// written for its own plane.
import { test } from "node:test";
import assert from "node:assert/strict";
import { alloc, get, k, put, randoms, reset } from "./harness.mjs";

const f = Math.fround;
const range = (n) => [...Array(n).keys()];

// The 1-D transforms of winograd4.ts (bt6, b6, at6, a6) and winograd.ts, in their order of operations.
const F4 = {
  m: 4, prefix: "winograd4",
  bt: ([d0, d1, d2, d3, d4, d5]) => {
    const d31 = f(d3 - d1), d42 = f(d4 - d2);
    return [
      f(f(f(d0 - f(2 * d2)) + d4) + f(1.5 * d31)),
      f(f(f(d4 - d1) + f(0.5 * d2)) + f(2.5 * d3)),
      f(f(f(d4 + d1) - f(2.5 * d2)) + f(0.5 * d3)),
      f(d42 + f(2 * d31)),
      f(d42 - f(0.5 * d31)),
      f(f(f(d5 + d1) - f(2 * d3)) + f(1.5 * d42)),
    ];
  },
  b: ([t0, t1, t2, t3, t4, t5]) => [
    t0,
    f(f(f(f(f(t2 - t1) - f(1.5 * t0)) - f(2 * t3)) + f(0.5 * t4)) + t5),
    f(f(f(f(f(f(0.5 * t1) - f(2 * t0)) - f(2.5 * t2)) - t3) - t4) - f(1.5 * t5)),
    f(f(f(f(f(f(1.5 * t0) + f(2.5 * t1)) + f(0.5 * t2)) + f(2 * t3)) - f(0.5 * t4)) - f(2 * t5)),
    f(f(f(f(f(t0 + t1) + t2) + t3) + t4) + f(1.5 * t5)),
    t5,
  ],
  at: ([m0, m1, m2, m3, m4, m5]) => {
    const s12 = f(m1 + m2), d12 = f(m1 - m2);
    return [f(f(m0 + s12) + f(m3 + m4)), f(f(d12 + f(0.5 * m3)) - f(2 * m4)), f(f(s12 + f(0.25 * m3)) + f(4 * m4)), f(f(f(d12 + f(0.125 * m3)) - f(8 * m4)) + m5)];
  },
  a: ([y0, y1, y2, y3]) => {
    const e = f(y0 + y2), d = f(y1 + y3);
    return [y0, f(e + d), f(e - d), f(f(f(y0 + f(0.5 * y1)) + f(0.25 * y2)) + f(0.125 * y3)), f(f(f(y0 - f(2 * y1)) + f(4 * y2)) - f(8 * y3)), y3];
  },
};
// The 1-D transforms of winograd5.ts (bt7, b7, at7, a7). Its groups run across
// tile rows and samples (`gathered`): the input transform's adjoint adds each
// tile's whole patch in the order of T, into one padded plane per sample.
const F5 = {
  m: 5, prefix: "winograd5", gathered: true,
  bt: ([d0, d1, d2, d3, d4, d5, d6]) => {
    const e0 = f(d1 + f(2 * d0)), e1 = f(d2 + f(2 * d1)), e2 = f(d3 + f(2 * d2)), e3 = f(d4 + f(2 * d3)), e4 = f(d5 + f(2 * d4)), e5 = f(d6 + f(2 * d5));
    const h0 = f(e3 - e1), h1 = f(e4 - e2), f0 = f(e3 - f(0.25 * e1)), f1 = f(e4 - f(0.25 * e2));
    return [
      f(h1 - f(0.25 * f(e2 - e0))), f(f1 + f0), f(f1 - f0), f(h1 + f(0.5 * h0)), f(h1 - f(0.5 * h0)),
      f(f(d5 - d3) - f(0.25 * f(d3 - d1))), f(f(e5 - e3) - f(0.25 * h0)),
    ];
  },
  b: ([t0, t1, t2, t3, t4, t5, t6]) => {
    const h0 = f(f(0.5 * f(t3 - t4)) - f(0.25 * t6)), h1 = f(f(t0 + t3) + t4), f0 = f(t1 - t2), f1 = f(t1 + t2);
    const e0 = f(0.25 * t0), e1 = -f(h0 + f(0.25 * f0)), e2 = -f(f(e0 + h1) + f(0.25 * f1)), e3 = f(f(h0 + f0) - t6), e4 = f(h1 + f1);
    return [f(2 * e0), f(f(e0 + f(2 * e1)) + f(0.25 * t5)), f(e1 + f(2 * e2)), f(f(e2 + f(2 * e3)) - f(1.25 * t5)), f(e3 + f(2 * e4)), f(f(e4 + f(2 * t6)) + t5), t6];
  },
  at: ([m0, m1, m2, m3, m4, m5, m6]) => {
    const s1 = f(m1 + m2), d1 = f(m1 - m2), sh = f(m3 + m4), dh = f(m3 - m4);
    return [
      f(f(f(m0 + s1) + sh) + m5), f(f(d1 + f(0.5 * dh)) - f(2 * m5)), f(f(s1 + f(0.25 * sh)) + f(4 * m5)),
      f(f(d1 + f(0.125 * dh)) - f(8 * m5)), f(f(f(s1 + f(0.0625 * sh)) + f(16 * m5)) + m6),
    ];
  },
  a: ([y0, y1, y2, y3, y4]) => {
    const e = f(f(y0 + y2) + y4), d = f(y1 + y3), eh = f(f(y0 + f(0.25 * y2)) + f(0.0625 * y4)), dh = f(f(0.5 * y1) + f(0.125 * y3));
    return [y0, f(e + d), f(e - d), f(eh + dh), f(eh - dh), f(f(f(f(y0 - f(2 * y1)) + f(4 * y2)) - f(8 * y3)) + f(16 * y4)), y4];
  },
};
// F(2×2, 3×3)'s adjoints run down the columns first, then along the rows.
const F2 = {
  m: 2, prefix: "winograd", adjointColumnsFirst: true,
  bt: ([d0, d1, d2, d3]) => [f(d0 - d2), f(d1 + d2), f(d2 - d1), f(d1 - d3)],
  // B·(u0..u3) as the kernel writes it: (u0, u1 − u2 + u3, u1 + u2 − u0, −u3).
  b: ([u0, u1, u2, u3]) => [u0, f(f(u1 - u2) + u3), f(f(u1 + u2) - u0), -u3],
  at: ([m0, m1, m2, m3]) => [f(f(m0 + m1) + m2), f(f(m1 - m2) - m3)],
  a: ([y0, y1]) => [y0, f(y0 + y1), f(y0 - y1), -y1],
};

// X·d·Xᵀ for a 1-D transform t: t over each row of d, then over each column of the result.
function twoD(t, d) {
  const rows = d.map(t);
  const cols = range(rows[0].length).map((j) => t(rows.map((r) => r[j])));
  return range(cols[0].length).map((i) => cols.map((c) => c[i]));
}

const transpose = (a) => range(a[0].length).map((j) => a.map((r) => r[j]));
// The adjoints' two-dimensional transform, in the variant's order.
const adjoint = (W, t, d) => (W.adjointColumnsFirst ? transpose(twoD(t, transpose(d))) : twoD(t, d));

function source(i, n, reflect) {
  if (i >= 0 && i < n) return i;
  if (!reflect) return -1;
  return i < 0 ? -i : 2 * (n - 1) - i;
}

function geometry(W, { n, c, h, w, pad, reflect }) {
  const m = W.m, r = m + 2;
  const hp = h + 2 * pad, wp = w + 2 * pad, oh = hp - 2, ow = wp - 2;
  const tilesH = Math.ceil(oh / m), tilesW = Math.ceil(ow / m);
  const hq = m * tilesH + 2, wq = W.gathered ? 5 * tilesW + 3 : m * Math.ceil(tilesW / 4) * 4 + m;
  return { n, c, h, w, pad, reflect, m, r, P: r * r, hp, wp, oh, ow, tilesH, tilesW, T: n * tilesH * tilesW, hq, wq, scratch: (W.gathered ? n : 1) * hq * wq };
}

// The padded plane [hq, wq] of plane (s, ci) of x.
function padded(x, g, s, ci) {
  return range(g.hq).map((py) => range(g.wq).map((px) => {
    if (py >= g.hp || px >= g.wp) return 0;
    const iy = source(py - g.pad, g.h, g.reflect), ix = source(px - g.pad, g.w, g.reflect);
    return iy < 0 || ix < 0 ? 0 : x[((s * g.c + ci) * g.h + iy) * g.w + ix];
  }));
}

const GAP = 3, CANARY = 12345.5;
const tile = (g, s, ty, tx) => (s * g.tilesH + ty) * g.tilesW + tx;

// V [P, c, T] (blocks c·T + GAP apart, canaries in the gaps).
function modelInput(W, g, x) {
  const block = g.c * g.T + GAP, v = new Float32Array(g.P * block).fill(CANARY);
  for (let ci = 0; ci < g.c; ci++) for (let s = 0; s < g.n; s++) {
    const p = padded(x, g, s, ci);
    for (let ty = 0; ty < g.tilesH; ty++) for (let tx = 0; tx < g.tilesW; tx++) {
      const d = range(g.r).map((i) => p[g.m * ty + i].slice(g.m * tx, g.m * tx + g.r));
      const t = twoD(W.bt, d);
      for (let xi = 0; xi < g.P; xi++) v[xi * block + ci * g.T + tile(g, s, ty, tx)] = t[Math.floor(xi / g.r)][xi % g.r];
    }
  }
  return v;
}

// gx [n, c, h, w] from dV: each group's B·dV·Bᵀ added into the padded plane as the kernel adds it, then cropped and folded.
function modelInputGrad(W, g, dv) {
  const block = g.c * g.T + GAP, gx = new Float32Array(g.n * g.c * g.h * g.w);
  for (let ci = 0; ci < g.c; ci++) for (let s = 0; s < g.n; s++) {
    const q = range(g.hq).map(() => new Float32Array(g.wq));
    const add = (py, px, value) => { q[py][px] = f(q[py][px] + value); };
    // Tile after tile, each tile's patch whole.
    if (W.gathered) {
      for (let ty = 0; ty < g.tilesH; ty++) for (let tx = 0; tx < g.tilesW; tx++) {
        const u = adjoint(W, W.b, range(g.r).map((i) => range(g.r).map((j) => dv[(g.r * i + j) * block + ci * g.T + tile(g, s, ty, tx)])));
        for (let i = 0; i < g.r; i++) for (let j = 0; j < g.r; j++) add(g.m * ty + i, g.m * tx + j, u[i][j]);
      }
    }
    for (let ty = 0; ty < g.tilesH && !W.gathered; ty++) for (let tx = 0; tx < g.tilesW; tx += 4) {
      // The four lanes' patches (zeros for tiles past the row), row by row.
      const u = range(4).map((l) => tx + l < g.tilesW
        ? adjoint(W, W.b, range(g.r).map((i) => range(g.r).map((j) => dv[(g.r * i + j) * block + ci * g.T + tile(g, s, ty, tx + l)])))
        : range(g.r).map(() => new Array(g.r).fill(0)));
      for (let i = 0; i < g.r; i++) {
        const py = g.m * ty + i, base = g.m * tx;
        if (W.m === 4) {
          // Columns 0, 1 of tile l with columns 4, 5 of tile l − 1 added in first; 2, 3; tile 3's 4, 5 last.
          for (let l = 0; l < 4; l++) {
            add(py, base + 4 * l, f(u[l][i][0] + (l > 0 ? u[l - 1][i][4] : 0)));
            add(py, base + 4 * l + 1, f(u[l][i][1] + (l > 0 ? u[l - 1][i][5] : 0)));
            add(py, base + 4 * l + 2, u[l][i][2]);
            add(py, base + 4 * l + 3, u[l][i][3]);
          }
          add(py, base + 16, u[3][i][4]);
          add(py, base + 17, u[3][i][5]);
          add(py, base + 18, 0);
          add(py, base + 19, 0);
        } else {
          // Columns 0, 1 of all four tiles, then their columns 2, 3.
          for (let l = 0; l < 4; l++) for (const j of [0, 1]) add(py, base + 2 * l + j, u[l][i][j]);
          for (let l = 0; l < 4; l++) for (const j of [2, 3]) add(py, base + 2 * l + j, u[l][i][j]);
        }
      }
    }
    const plane = (s * g.c + ci) * g.h * g.w;
    for (let iy = 0; iy < g.h; iy++) for (let ix = 0; ix < g.w; ix++) gx[plane + iy * g.w + ix] = q[iy + g.pad][ix + g.pad];
    if (!g.reflect) continue;
    for (let py = 0; py < g.hp; py++) for (let px = 0; px < g.wp; px++) {
      if (py >= g.pad && py < g.pad + g.h && px >= g.pad && px < g.pad + g.w) continue;
      const at = plane + source(py - g.pad, g.h, true) * g.w + source(px - g.pad, g.w, true);
      gx[at] = f(gx[at] + q[py][px]);
    }
  }
  return gx;
}

// y [n, cout, oh, ow] = Aᵀ M A + bias of every tile.
function modelOutput(W, g, cout, mm, bias) {
  const block = cout * g.T + GAP, y = new Float32Array(g.n * cout * g.oh * g.ow);
  for (let co = 0; co < cout; co++) for (let s = 0; s < g.n; s++) for (let ty = 0; ty < g.tilesH; ty++) for (let tx = 0; tx < g.tilesW; tx++) {
    const t = twoD(W.at, range(g.r).map((i) => range(g.r).map((j) => mm[(g.r * i + j) * block + co * g.T + tile(g, s, ty, tx)])));
    for (let a = 0; a < g.m; a++) for (let b = 0; b < g.m; b++) {
      const oy = g.m * ty + a, ox = g.m * tx + b;
      if (oy < g.oh && ox < g.ow) y[((s * cout + co) * g.oh + oy) * g.ow + ox] = f(t[a][b] + bias[co]);
    }
  }
  return y;
}

// dM [P, cout, T] = A dY Aᵀ of every tile (zeros past the output's edge).
function modelOutputGrad(W, g, cout, dy) {
  const block = cout * g.T + GAP, dm = new Float32Array(g.P * block).fill(CANARY);
  for (let co = 0; co < cout; co++) for (let s = 0; s < g.n; s++) for (let ty = 0; ty < g.tilesH; ty++) for (let tx = 0; tx < g.tilesW; tx++) {
    const d = range(g.m).map((a) => range(g.m).map((b) => {
      const oy = g.m * ty + a, ox = g.m * tx + b;
      return oy < g.oh && ox < g.ow ? dy[((s * cout + co) * g.oh + oy) * g.ow + ox] : 0;
    }));
    const t = adjoint(W, W.a, d);
    for (let xi = 0; xi < g.P; xi++) dm[xi * block + co * g.T + tile(g, s, ty, tx)] = t[Math.floor(xi / g.r)][xi % g.r];
  }
  return dm;
}

// Every entry the same float32 bits (Object.is tells −0 from +0).
function assertBits(actual, expected, what) {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what} index ${i}: got ${actual[i]}, expected ${expected[i]}`);
  }
}

// A buffer holding `values`, or n NaNs, with 8 canaries after its end.
function buffer(values, n = values.length) {
  const p = alloc(n + 8), view = new Float32Array(k.memory.buffer, p, n + 8);
  view.fill(CANARY);
  if (values) view.set(values);
  else view.fill(NaN, 0, n);
  return { p, check: (what) => assert.ok(get(p + n * 4, 8).every((v) => v === CANARY), `${what} wrote past its end`) };
}

const SHAPES = [[3, 3], [5, 5], [7, 9], [2, 5], [8, 8], [10, 6], [13, 14], [4, 17], [9, 30], [6, 37], [11, 15]];
for (const W of [F5, F4, F2]) {
  for (const [n, c] of [[1, 1], [3, 2]]) {
    for (const [h, w] of SHAPES) {
      for (const pad of [0, 1, 2]) {
        for (const reflect of [false, true]) {
          if (h + 2 * pad < 3 || w + 2 * pad < 3 || (reflect && (pad === 0 || pad >= h || pad >= w))) continue;
          const g = geometry(W, { n, c, h, w, pad, reflect });
          const args = [g.n, g.c, g.h, g.w, g.pad, g.pad, g.hp, g.wp, g.tilesH, g.tilesW, g.reflect ? 1 : 0];
          const name = `${W.prefix}: n ${n} c ${c} ${h}×${w} padding ${pad}${reflect ? " reflect" : ""} (${g.tilesW} tiles a row)`;

          test(`${name}: input transform and its adjoint, bit for bit`, () => {
            reset();
            const block = g.c * g.T + GAP, V = g.P * block;
            const x = randoms(g.n * g.c * g.h * g.w, -1, 1, 7);
            const v = buffer(new Float32Array(V).fill(CANARY)), scratch = buffer(null, g.scratch);
            k[`${W.prefix}Input`](put(x), v.p, block, scratch.p, ...args);
            v.check("input");
            assertBits(get(v.p, V), modelInput(W, g, x), "V");
            const dv = randoms(V, -1, 1, 11); // the gaps hold values too, which the adjoint must not read
            const gx = buffer(null, x.length);
            new Float32Array(k.memory.buffer, scratch.p, g.scratch).fill(NaN);
            k[`${W.prefix}InputGrad`](put(dv), block, gx.p, scratch.p, ...args);
            gx.check("inputGrad");
            assertBits(get(gx.p, x.length), modelInputGrad(W, g, dv), "gx");
          });

          test(`${name}: output transform and its adjoint, bit for bit`, () => {
            reset();
            const cout = g.c + 1, block = cout * g.T + GAP, M = g.P * block, Y = g.n * cout * g.oh * g.ow;
            const mm = randoms(M, -1, 1, 3), bias = randoms(cout, -1, 1, 5), dy = randoms(Y, -1, 1, 9);
            const y = buffer(null, Y);
            k[`${W.prefix}Output`](put(mm), block, put(bias), y.p, g.n, cout, g.oh, g.ow, g.tilesH, g.tilesW);
            y.check("output");
            assertBits(get(y.p, Y), modelOutput(W, g, cout, mm, bias), "y");
            const dm = buffer(new Float32Array(M).fill(CANARY));
            k[`${W.prefix}OutputGrad`](put(dy), dm.p, block, g.n, cout, g.oh, g.ow, g.tilesH, g.tilesW);
            dm.check("outputGrad");
            assertBits(get(dm.p, M), modelOutputGrad(W, g, cout, dy), "dM");
          });
        }
      }
    }
  }
}

// F(4×4, 3×3)'s kernel transform (filter4) and its adjoint, in their order of operations.
const g6 = ([g0, g1, g2]) => {
  const s = f(g0 + g2);
  return [g0, f(f(s + g1) / 3), f(-f(s - g1) / 3), f(-f(f(f(f(g0 * 4) + f(g1 * 2)) + g2) * 4) / 15), f(f(f(g0 - f(g1 * 2)) + f(g2 * 4)) / 15), g2];
};
const gt6 = ([u0, u1, u2, u3, u4, u5]) => {
  const d12 = f(f(u1 - u2) / 3);
  return [
    f(f(u0 + d12) + f(f(u4 - f(u3 * 16)) / 15)),
    f(f(f(u1 + u2) / 3) - f(f(f(u3 * 8) + f(u4 * 2)) / 15)),
    f(f(d12 + f(f(f(u4 - u3) * 4) / 15)) + u5),
  ];
};

// F(5×5, 3×3)'s (g7, gt7): each entry one sum divided once.
const g7 = ([g0, g1, g2]) => {
  const s = f(g0 + g2);
  return [
    f(g0 * 2), f(f(f(s + g1) * 2) / 9), f(f(f(s - g1) * 2) / 3), f(-f(f(f(f(g0 * 4) + f(g1 * 2)) + g2) * 4) / 15),
    f(-f(f(f(f(g0 * 4) - f(g1 * 2)) + g2) * 4) / 9), f(-f(f(f(g0 - f(g1 * 2)) + f(g2 * 4)) * 2) / 45), g2,
  ];
};
const gt7 = ([u0, u1, u2, u3, u4, u5, u6]) => {
  const a = f(f(u1 * 2) / 9), b = f(f(u2 * 2) / 3), c = f(u3 / 15), d = f(u4 / 9), e = f(u5 / 45);
  return [
    f(f(f(f(f(f(u0 * 2) + a) + b) - f(c * 16)) - f(d * 16)) - f(e * 2)),
    f(f(f(f(a - b) - f(c * 8)) + f(d * 8)) + f(e * 4)),
    f(f(f(f(f(a + b) - f(c * 4)) - f(d * 4)) - f(e * 8)) + u6),
  ];
};

for (const { prefix, r, g: gOf, gt } of [{ prefix: "winograd4", r: 6, g: g6, gt: gt6 }, { prefix: "winograd5", r: 7, g: g7, gt: gt7 }]) test(`${prefix}Filter and ${prefix}FilterGrad (with and without accumulation), bit for bit`, () => {
  // 1, 6, 15 and 153 kernels: every count of the last group of four.
  for (const [cout, cin] of [[1, 1], [2, 3], [3, 5], [9, 17]]) {
    reset();
    const pairs = cout * cin, P = r * r, U = P * pairs;
    const w = randoms(pairs * 9, -2, 2, 13), du = randoms(U, -1, 1, 17), prior = randoms(pairs * 9, -1, 1, 19);
    const u = buffer(null, U);
    k[`${prefix}Filter`](put(w), u.p, cout, cin);
    u.check(`${prefix}Filter`);
    const wantU = new Float32Array(U), wantGw = new Float32Array(pairs * 9);
    for (let p = 0; p < pairs; p++) {
      const g = range(3).map((i) => range(3).map((j) => w[p * 9 + 3 * i + j]));
      const t = transpose(twoD(gOf, transpose(g))); // G·g down the columns first, then along the rows
      for (let xi = 0; xi < P; xi++) wantU[xi * pairs + p] = t[Math.floor(xi / r)][xi % r];
      const back = twoD(gt, range(r).map((i) => range(r).map((j) => du[(r * i + j) * pairs + p])));
      for (let i = 0; i < 9; i++) wantGw[p * 9 + i] = back[Math.floor(i / 3)][i % 3];
    }
    assertBits(get(u.p, U), wantU, `U ${cout}×${cin}`);
    const gw = buffer(null, pairs * 9), acc = buffer(prior);
    const dup = put(du);
    k[`${prefix}FilterGrad`](dup, gw.p, cout, cin, 0);
    k[`${prefix}FilterGrad`](dup, acc.p, cout, cin, 1);
    gw.check(`${prefix}FilterGrad`);
    acc.check(`${prefix}FilterGrad accumulating`);
    assertBits(get(gw.p, pairs * 9), wantGw, `dg ${cout}×${cin}`);
    assertBits(get(acc.p, pairs * 9), wantGw.map((v, i) => f(prior[i] + v)), `dg accumulated ${cout}×${cin}`);
  }
});
