// Files are replaced atomically (temporary file, fsync, rename): a process
// killed while saving never leaves a truncated or empty checkpoint behind.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { wt } from "../helpers.mjs";
const { nn, optim, train, io, manualSeed } = wt;

const child = fileURLToPath(new URL("./save_loop.mjs", import.meta.url));

/** A checkpoint of a 256×256 layer with Adam state (about 0.8 MB), from seed `seed`. */
function checkpoint(seed) {
  manualSeed(seed);
  const model = new nn.Sequential(new nn.Linear(256, 256));
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
  for (const p of model.parameters()) p.grad.data.fill(0.5);
  optimizer.step();
  return train.saveCheckpoint({ model, optimizer }, { epoch: seed });
}

/** Spawn the save loop, kill -9 it `delayMs` after its first complete save. */
function killDuringSaves(args, delayMs) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, ...args], { stdio: ["ignore", "pipe", "inherit"] });
    p.stdout.once("data", () => setTimeout(() => p.kill("SIGKILL"), delayMs));
    p.on("exit", (code, signal) => (signal === "SIGKILL" ? resolve() : reject(new Error(`save loop exited with ${code}`))));
  });
}

test("a process killed during saves always leaves a complete, loadable checkpoint", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmtune-atomic-"));
  const files = [checkpoint(1), checkpoint(2)];
  writeFileSync(join(dir, "a"), files[0]);
  writeFileSync(join(dir, "b"), files[1]);
  const target = join(dir, "run", "checkpoint.safetensors");
  mkdirSync(join(dir, "run"));
  for (let i = 0; i < 12; i++) {
    await killDuringSaves([target, join(dir, "a"), join(dir, "b")], (i * 7) % 23);
    const bytes = readFileSync(target);
    const which = files.findIndex((f) => Buffer.compare(Buffer.from(f), bytes) === 0);
    assert.ok(which >= 0, `kill ${i}: the checkpoint is neither of the saved files (${bytes.length} bytes)`);
    if (i % 4 === 0) {
      const model = new nn.Sequential(new nn.Linear(256, 256));
      assert.equal(train.loadCheckpoint(bytes, { model, optimizer: new optim.Adam(model.parameters()) }).epoch, which + 1);
    }
  }
  // Temporary files of killed writers stay behind under hidden names; nothing else is in the directory.
  for (const name of readdirSync(join(dir, "run"))) assert.match(name, /^checkpoint\.safetensors$|^\.checkpoint\.safetensors\.\d+-\d+-\d+\.tmp$/);
  rmSync(dir, { recursive: true, force: true });
});

test("ModelCheckpoint replaces the file by rename: links to the old file keep it, permissions stay, no temporary files remain", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmtune-atomic-"));
  const path = join(dir, "model.safetensors");
  const old = io.saveModel(new nn.Sequential(new nn.Linear(2, 2)));
  writeFileSync(path, old);
  chmodSync(path, 0o640);
  linkSync(path, join(dir, "backup.safetensors"));
  symlinkSync(path, join(dir, "latest"));
  const model = new nn.Sequential(new nn.Linear(2, 2));
  const cb = new train.ModelCheckpoint({ path: join(dir, "latest"), weightsOnly: true });
  await cb.onCheckpoint(0, {}, { model });
  assert.deepEqual(readFileSync(join(dir, "backup.safetensors")), Buffer.from(old), "the hard-linked previous file is intact");
  assert.deepEqual(readFileSync(path), Buffer.from(io.saveModel(model)));
  assert.equal(readdirSync(dir).sort().join(" "), "backup.safetensors latest model.safetensors", "the symlink still points at the replaced file");
  assert.equal(statSync(path).mode & 0o777, 0o640);
  await assert.rejects(io.writeBytes(join(dir, "missing", "x.safetensors"), old), /^Error: wasmtune: cannot write .*missing\/x\.safetensors: its directory does not exist$/);
  await assert.rejects(io.writeBytes(dir, old), /cannot write .*: it is a directory/);
  assert.equal(readdirSync(dir).length, 3, "failed writes leave no temporary file");
  rmSync(dir, { recursive: true, force: true });
});
