// Screenshots of SVG strings in Chromium, and their comparison with the
// committed reference pictures (pixelmatch over PNGs).
import { PNG } from "pngjs";
import pixelmatch from "pixelmatch";

/** The PNG of one SVG as Chromium draws it, at its own size. */
export async function svgToPng(page, svg) {
  await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
  return page.locator("svg").first().screenshot({ animations: "disabled" });
}

/** Share of pixels that differ beyond pixelmatch's colour threshold; 1 when the sizes differ. */
export function pixelDifference(actualPng, expectedPng) {
  const a = PNG.sync.read(actualPng);
  const b = PNG.sync.read(expectedPng);
  if (a.width !== b.width || a.height !== b.height) return 1;
  const diff = pixelmatch(a.data, b.data, null, a.width, a.height, { threshold: 0.1 });
  return diff / (a.width * a.height);
}
