// scripts/setup.sh (`npm run setup`), run against stand-ins for dpkg-query,
// id, sudo and apt-get that record what they were asked: it installs exactly
// the missing packages, as root or through sudo, explains itself when it can
// do neither, and touches nothing when all is present. CI and the README use
// the same steps.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const script = join(root, "scripts", "setup.sh");
const scratch = mkdtempSync(join(tmpdir(), "wasmtune-setup-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
const all = ["chromium", "python3-torch", "python3-sklearn", "python3-optuna", "python3-torchvision", "postgresql", "python3-psycopg2", "python3-sqlalchemy", "dataset-fashion-mnist"];

// Runs the script with `installed` packages present, as user `uid`, with or
// without sudo; returns its exit status, output and the commands run.
function setup({ installed, uid, sudo = false, systemPath = true }) {
  const bin = mkdtempSync(join(scratch, "bin-"));
  const log = join(bin, "log");
  const stub = (name, body) => {
    writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  stub("dpkg-query", `for p in ${installed.join(" ")}; do [ "$p" = "\${@: -1}" ] && { printf installed; exit 0; }; done; exit 1`);
  stub("id", `echo ${uid}`);
  stub("apt-get", `echo "apt-get $* DEBIAN_FRONTEND=$DEBIAN_FRONTEND" >> ${log}`);
  if (sudo) stub("sudo", `echo "sudo" >> ${log}; "$@"`);
  // Without the system path the script finds no sudo even on a machine that has one.
  const PATH = systemPath ? `${bin}:/usr/bin:/bin` : bin;
  const r = spawnSync("/bin/bash", [script], { encoding: "utf8", env: { PATH } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, log: existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [] };
}

test("with every package present it installs nothing, even without root", () => {
  const r = setup({ installed: all, uid: 1000, systemPath: false });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /all system packages present/);
  assert.deepEqual(r.log, []);
});

test("as root it installs only the missing packages, without prompts", () => {
  const r = setup({ installed: ["python3-torch", "python3-sklearn", "python3-optuna", "python3-torchvision", "python3-psycopg2", "python3-sqlalchemy", "dataset-fashion-mnist"], uid: 0 });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.log, ["apt-get update DEBIAN_FRONTEND=", "apt-get install -y chromium postgresql DEBIAN_FRONTEND=noninteractive"]);
});

test("as another user it goes through sudo", () => {
  const r = setup({ installed: all.slice(1), uid: 1000, sudo: true });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.log, ["sudo", "apt-get update DEBIAN_FRONTEND=", "sudo", "apt-get install -y chromium DEBIAN_FRONTEND=noninteractive"]);
});

test("as another user without sudo it fails, naming the packages and the command to run as root", () => {
  const r = setup({ installed: ["chromium"], uid: 1000, systemPath: false });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /needs root, and sudo is not available/);
  assert.match(r.stderr, /apt-get update && apt-get install -y python3-torch python3-sklearn python3-optuna python3-torchvision postgresql python3-psycopg2 python3-sqlalchemy dataset-fashion-mnist/);
  assert.deepEqual(r.log, []);
});

test("npm run setup, the README and CI take the same steps", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  assert.equal(pkg.scripts.setup, "bash scripts/setup.sh");
  const ci = readFileSync(join(root, ".ci", "run"), "utf8").split("\n").filter((l) => l && !l.startsWith("#"));
  const steps = ci.slice(ci.indexOf("npm run setup"));
  assert.deepEqual(steps, ["npm run setup", "npm ci --no-audit --no-fund", "npm test"]);
  assert.match(readFileSync(join(root, "README.md"), "utf8"), /npm run setup +# [^\n]*\nnpm ci +# [^\n]*\nnpm test +#/);
});
