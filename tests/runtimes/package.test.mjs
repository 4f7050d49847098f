// What `npm pack` publishes: every target of the exports map, and every file
// the published type declarations import, must be in the package; and the
// packed tarball, installed into another project, must work there in Node,
// Deno and Bun and tree-shake in a bundler.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const app = mkdtempSync(join(tmpdir(), "wasmtune-app-"));
after(() => rmSync(app, { recursive: true, force: true }));
const [tarball] = JSON.parse(execFileSync(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", app], { cwd: root, encoding: "utf8" }));
const packed = new Set(tarball.files.map((f) => f.path));
// The project that depends on it: the tarball unpacked where npm would put it.
const installed = join(app, "node_modules", "wasmtune");
mkdirSync(installed, { recursive: true });
execFileSync("tar", ["-xzf", join(app, tarball.filename), "-C", installed, "--strip-components=1"]);
writeFileSync(join(app, "package.json"), JSON.stringify({ type: "module", dependencies: { wasmtune: pkg.version } }));

function targets(entry) {
  if (typeof entry === "string") return [entry];
  return Object.values(entry).flatMap(targets);
}

test("every exports-map target is published", () => {
  const all = Object.values(pkg.exports).flatMap(targets);
  assert.ok(all.includes("./dist/wasmtune.wasm"));
  assert.ok(all.includes("./dist/wasmtune.relaxed.wasm"));
  for (const t of all) assert.ok(packed.has(posix.normalize(t)), `${t} is in the exports map but not in the package`);
});

test("every relative import of the published .d.ts files resolves inside the package", () => {
  const declarations = [...packed].filter((p) => p.endsWith(".d.ts"));
  assert.ok(declarations.includes("dist/index.d.ts"));
  for (const file of declarations) {
    const text = readFileSync(`${root}${file}`, "utf8");
    for (const [, spec] of text.matchAll(/(?:from|import\()\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      const target = posix.join(posix.dirname(file), spec).replace(/\.js$/, ".d.ts");
      assert.ok(packed.has(target), `${file} imports ${spec}, but ${target} is not published`);
    }
  }
});

test("the package names its MIT license and its repository, and ships the license text", () => {
  assert.equal(pkg.license, "MIT");
  assert.ok(packed.has("LICENSE"));
  assert.match(readFileSync(join(installed, "LICENSE"), "utf8"), /^MIT License\n\nCopyright \(c\) \d{4} /);
  assert.equal(pkg.repository.url, "https://github.com/wasmtune/wasmtune");
});

test("no published file embeds the TypeScript sources: no source maps, inline or not", () => {
  for (const file of packed) {
    assert.ok(!file.endsWith(".map"), `${file} is published`);
    if (file.endsWith(".js")) assert.ok(!readFileSync(join(installed, file), "utf8").includes("sourceMappingURL=data:"), `${file} has an inline source map`);
  }
});

// The npm page shows the README without the repository around it.
test("every link in the README works from the npm page: absolute, and docs links name existing files", () => {
  const readme = readFileSync(`${root}README.md`, "utf8");
  const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(links.length > 5, "the README links to its docs");
  for (const link of links) {
    assert.match(link, /^(https:\/\/|#)/, `relative link ${link}`);
    const inRepo = link.match(/^https:\/\/github\.com\/wasmtune\/wasmtune\/(?:blob|tree)\/main\/([^#]+)/);
    if (inRepo) assert.ok(existsSync(join(root, inRepo[1])), `${link} names no file of the repository`);
  }
});

const consumer = `import { init, Tensor, runtimeInfo } from "wasmtune";
await init();
console.log(JSON.stringify({ data: Tensor.from([[1, 2], [3, 4]]).clone().toArray(), relaxedSimd: runtimeInfo().relaxedSimd }));
`;
writeFileSync(join(app, "main.mjs"), consumer);
const expected = { data: [[1, 2], [3, 4]], relaxedSimd: false };

test("another project imports the installed package in Node, Deno (with --allow-read) and Bun as the README shows", () => {
  const bin = (name) => join(root, "node_modules", ".bin", name);
  for (const [runtime, command, args] of [
    ["Node", process.execPath, []],
    ["Deno", bin("deno"), ["run", "--quiet", "--allow-read"]],
    ["Bun", bin("bun"), []],
  ]) {
    const out = execFileSync(command, [...args, "main.mjs"], { cwd: app, encoding: "utf8", env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" } });
    assert.deepEqual(JSON.parse(out), expected, runtime);
  }
});

// A bundler keeps only what is imported: the package is a tree of modules
// without side effects (package.json "sideEffects": false).
test("a bundle importing only init and Tensor is under a fifth of one importing everything, and runs", async (t) => {
  const sizes = {};
  for (const [name, source] of [
    ["small", consumer],
    ["everything", 'import * as wt from "wasmtune";\nawait wt.init();\nconsole.log(Object.keys(wt).length);\n'],
  ]) {
    const out = await build({
      stdin: { contents: source, resolveDir: app, sourcefile: `${name}.mjs` },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      external: ["node:*"],
      write: false,
      logLevel: "warning",
    });
    sizes[name] = out.outputFiles[0].contents.length;
    writeFileSync(join(app, `${name}.bundle.mjs`), out.outputFiles[0].contents);
  }
  t.diagnostic(`minified: { init, Tensor } ${sizes.small} bytes, everything ${sizes.everything} bytes`);
  // The core never imports the report (and its charting library).
  const everything = readFileSync(join(app, "everything.bundle.mjs"), "utf8");
  assert.ok(!/echarts|zrender/i.test(everything), "the core bundle contains ECharts");
  assert.ok(sizes.small < sizes.everything / 5, `{ init, Tensor } ${sizes.small} bytes vs everything ${sizes.everything} bytes`);
  copyFileSync(join(installed, "dist", "wasmtune.wasm"), join(app, "wasmtune.wasm"));
  assert.deepEqual(JSON.parse(execFileSync(process.execPath, ["small.bundle.mjs"], { cwd: app, encoding: "utf8" })), expected);
});

// wasmtune/report is its own entry point with ECharts as a dependency, which
// npm installs beside the package (here: linked from this repository's).
test("another project imports wasmtune/report with its ECharts dependency and renders an SVG", () => {
  assert.deepEqual(pkg.dependencies, { echarts: pkg.dependencies.echarts }, "ECharts is the one runtime dependency");
  for (const dep of ["echarts", "zrender", "tslib"]) {
    if (!existsSync(join(app, "node_modules", dep))) symlinkSync(join(root, "node_modules", dep), join(app, "node_modules", dep), "dir");
  }
  writeFileSync(join(app, "chart.mjs"), 'import { init } from "wasmtune";\nimport { rocCurve } from "wasmtune/report";\nawait init();\nprocess.stdout.write(rocCurve({ fpr: [0, 0.5, 1], tpr: [0, 1, 1] }));\n');
  const svg = execFileSync(process.execPath, ["chart.mjs"], { cwd: app, encoding: "utf8" });
  assert.match(svg, /^<svg width="520" height="480"/);
  assert.match(svg, /false positive rate/);
});
