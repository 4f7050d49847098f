// Docs name files and link to pages; a rename must not leave them pointing
// nowhere. Every repository path written in backticks in docs/ARCHITECTURE.md
// must exist (after `npm run build`, which writes the generated folders), and
// every relative link in README.md and docs/*.md (and the README's links into
// this repository on GitHub) must reach a file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const TOP = ["assembly", "bench", "bin", "build", "docs", "dist", "examples", "scripts", "src", "tests"];
const SKIP = new Set(["node_modules", ".git"]);
const REPO = "https://github.com/wasmtune/wasmtune/blob/main/";

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const p = join(dir, name);
    out.push(relative(root, p));
    if (statSync(p).isDirectory()) walk(p, out);
  }
  return out;
}
const files = walk(root);
const basenames = new Set(files.map((f) => f.split("/").pop()));

/** `a/{b,c}.ts` → `a/b.ts`, `a/c.ts`. */
function expandBraces(s) {
  const m = /\{([^{}]*)\}/.exec(s);
  if (!m) return [s];
  return m[1].split(",").flatMap((alt) => expandBraces(s.slice(0, m.index) + alt + s.slice(m.index + m[0].length)));
}

/** Whether a path with `*` or `<placeholder>` segments matches some file. */
function exists(path) {
  const p = path.replace(/\/$/, "");
  if (!/[*<]/.test(p)) return existsSync(join(root, p));
  const re = new RegExp("^" + p.split(/(\*|<[^>]+>)/).map((part) => (part === "*" || part.startsWith("<") ? "[^/]+" : part.replace(/[.+?^$()|[\]\\]/g, "\\$&"))).join("") + "$");
  return files.some((f) => re.test(f));
}

/** The backticked spans of a page that name a repository path or a bare file name. */
function namedPaths(text) {
  const out = [];
  for (const [, span] of text.matchAll(/`([^`\n]+)`/g)) {
    if (!/^[\w.\-/{}*,<>]+$/.test(span)) continue;
    if (TOP.some((d) => span.startsWith(d + "/")) || span === "README.md") out.push(...expandBraces(span).map((p) => ({ span, path: p, bare: false })));
    else if (/^[\w\-{},]+\.(ts|mjs|js|json|md|py)$/.test(span)) out.push(...expandBraces(span).map((p) => ({ span, path: p, bare: true })));
  }
  return out;
}

test("every path docs/ARCHITECTURE.md names exists", () => {
  const named = namedPaths(readFileSync(join(root, "docs", "ARCHITECTURE.md"), "utf8"));
  assert.ok(named.filter((n) => !n.bare).length > 50, "the page names the code it describes");
  const missing = named.filter((n) => (n.bare ? !basenames.has(n.path) : !exists(n.path))).map((n) => n.span === n.path ? n.path : `${n.path} (from ${n.span})`);
  assert.deepEqual(missing, []);
});

test("every relative or own-repository link in README.md and docs/*.md reaches a file", () => {
  const pages = ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
  const broken = [];
  for (const page of pages) {
    const text = readFileSync(join(root, page), "utf8");
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      // The README links to the repository on GitHub so that npm shows working links.
      const own = target.startsWith(REPO) ? target.slice(REPO.length) : undefined;
      if (own === undefined && (/^[a-z]+:/i.test(target) || target.startsWith("#"))) continue;
      const file = decodeURIComponent((own ?? target).split("#")[0]);
      if (!existsSync(own !== undefined ? join(root, file) : join(root, dirname(page), file))) broken.push(`${page}: ${target}`);
    }
  }
  assert.deepEqual(broken, []);
});

test("the path checker catches a missing file, a brace alternative and a bare name", () => {
  const named = namedPaths("`src/nn/{linear,nonesuch}.ts`, `nonesuch_file.ts`, `assembly/decl/<family>.json`, `Object.create(x)`");
  assert.deepEqual(named.map((n) => n.path), ["src/nn/linear.ts", "src/nn/nonesuch.ts", "nonesuch_file.ts", "assembly/decl/<family>.json"]);
  assert.deepEqual(named.map((n) => (n.bare ? basenames.has(n.path) : exists(n.path))), [true, false, false, true]);
});
