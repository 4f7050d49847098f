// Draws loss curves on a canvas: one polyline per series, a shared y range
// from zero to the largest loss, and axis labels.
const COLORS = ["#1f77b4", "#ff7f0e"];

/** Plot `series` ({ label, values }[]) against the epoch, for `epochs` epochs in all. */
export function plotLosses(canvas, series, epochs) {
  const g = canvas.getContext("2d");
  const { width: w, height: h } = canvas;
  const pad = { left: 56, right: 16, top: 16, bottom: 36 };
  const top = Math.max(...series.flatMap((s) => s.values), 1e-12);
  const px = (i) => pad.left + (i / Math.max(epochs - 1, 1)) * (w - pad.left - pad.right);
  const py = (v) => h - pad.bottom - (v / top) * (h - pad.top - pad.bottom);
  g.clearRect(0, 0, w, h);
  g.font = "12px system-ui, sans-serif";
  g.strokeStyle = "#999";
  g.fillStyle = "#444";
  g.beginPath();
  g.moveTo(pad.left, pad.top);
  g.lineTo(pad.left, h - pad.bottom);
  g.lineTo(w - pad.right, h - pad.bottom);
  g.stroke();
  g.textAlign = "right";
  for (const f of [0, 0.5, 1]) g.fillText((top * f).toPrecision(3), pad.left - 6, py(top * f) + 4);
  g.textAlign = "center";
  g.fillText("epoch", (w + pad.left) / 2, h - 8);
  g.fillText(String(epochs), w - pad.right, h - pad.bottom + 16);
  series.forEach((s, k) => {
    g.strokeStyle = COLORS[k % COLORS.length];
    g.lineWidth = 2;
    g.beginPath();
    s.values.forEach((v, i) => (i ? g.lineTo(px(i), py(v)) : g.moveTo(px(i), py(v))));
    g.stroke();
    g.fillStyle = g.strokeStyle;
    g.textAlign = "right";
    g.fillText(s.label, w - pad.right, pad.top + 14 * (k + 1));
  });
}
