// Headless Debian Chromium driven by playwright-core (no browser download).
import { chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

// As root, without a sandbox; the background-networking flags stop Chromium
// from dialling out, which this machine's closed network would refuse.
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launch Chromium, run `use(page)` on a fresh page, and always close the browser. */
export async function withPage(use) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (err) => errors.push(err.message));
    page.on("console", (msg) => msg.type() === "error" && errors.push(msg.text()));
    try {
      return await use(page);
    } catch (err) {
      throw new Error(`${err.message}${errors.length ? `\npage errors:\n${errors.join("\n")}` : ""}`);
    }
  } finally {
    await browser.close();
  }
}
