// The CLI never writes over its input, and replaces its outputs atomically.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { linkSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../bin/wasmtune.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "wasmtune-cli-out-"));
const cli = (...args) => spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: "utf8", timeout: 60_000 });

const rows = ["a,b,y"];
for (let i = 0; i < 40; i++) rows.push(`${i % 5},${(i * 3) % 7},${i % 2}`);
const csv = `${rows.join("\n")}\n`;
writeFileSync(join(dir, "data.csv"), csv);
linkSync(join(dir, "data.csv"), join(dir, "hardlink.csv"));
symlinkSync(join(dir, "data.csv"), join(dir, "symlink.csv"));

test("an output path naming the input file (directly or through a link) or another output is refused before training", () => {
  const cases = [
    [["--save", "data.csv"], /^wasmtune: --save data\.csv is the same file as the input CSV data\.csv; choose another output path/],
    [["--history", "./data.csv"], /--history \.\/data\.csv is the same file as the input CSV data\.csv/],
    [["--save", "hardlink.csv"], /--save hardlink\.csv is the same file as the input CSV/],
    [["--history", "symlink.csv"], /--history symlink\.csv is the same file as the input CSV/],
    [["--save", "out.json", "--history", "out.json"], /--history out\.json is the same file as --save out\.json/],
  ];
  for (const [args, re] of cases) {
    const r = cli("train", "data.csv", "--epochs", "1", "--quiet", ...args);
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr.trim(), re);
    assert.equal(r.stdout, "", "nothing was trained");
  }
  assert.equal(readFileSync(join(dir, "data.csv"), "utf8"), csv);
  assert.deepEqual(readdirSync(dir).sort(), ["data.csv", "hardlink.csv", "symlink.csv"]);
});

test("--save and --history replace existing files in one step, leaving no temporary files", () => {
  writeFileSync(join(dir, "model.safetensors"), "old");
  linkSync(join(dir, "model.safetensors"), join(dir, "previous.safetensors"));
  const r = cli("train", "data.csv", "--epochs", "1", "--quiet", "--save", "model.safetensors", "--history", "history.json");
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(dir, "previous.safetensors"), "utf8"), "old", "the old file was replaced by rename, not overwritten");
  assert.ok(readFileSync(join(dir, "model.safetensors")).length > 100);
  assert.equal(JSON.parse(readFileSync(join(dir, "history.json"), "utf8")).epochs.length, 1);
  assert.deepEqual(readdirSync(dir).sort(), ["data.csv", "hardlink.csv", "history.json", "model.safetensors", "previous.safetensors", "symlink.csv"]);
});
