// init() and each kind of source it accepts, plus the SIMD feature check.
// Every case imports its own copy of the package, bundled into one file as an
// app would (a distinct query string gives a fresh module instance), because
// init() is idempotent per instance.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import vm from "node:vm";
import { bundleCopy } from "../../scripts/bundle_copy.mjs";

const wasmUrl = new URL("../../dist/wasmtune.wasm", import.meta.url);
const bytes = await readFile(wasmUrl);
const relaxedBytes = await readFile(new URL("../../dist/wasmtune.relaxed.wasm", import.meta.url));
const bundle = await bundleCopy();
const bundles = [bundle];
let copies = 0;

// A bundle without the .wasm files beside it, removed after the tests like the others.
async function bareBundle(options) {
  const url = await bundleCopy({ wasm: false, ...options });
  bundles.push(url);
  return url;
}

after(() => Promise.all(bundles.map((url) => rm(new URL(".", url), { recursive: true, force: true }))));

function freshCopy(where = bundle) {
  return import(`${where}?copy=${++copies}`);
}

async function initWith(source) {
  const wt = await freshCopy();
  await wt.init(source);
  const t = wt.Tensor.from([1.5, -2, 3]);
  assert.deepEqual(Array.from(t.data), [1.5, -2, 3]);
  t.dispose();
  return wt;
}

test("init() without a source loads the .wasm beside the module", async () => {
  const wt = await initWith(undefined);
  assert.equal(wt.isInitialized(), true);
});

test("init() accepts a WebAssembly.Module, bytes, an ArrayBuffer, a URL and a path", async () => {
  await initWith(await WebAssembly.compile(bytes));
  await initWith(new Uint8Array(bytes));
  await initWith(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  await initWith(wasmUrl);
  await initWith(wasmUrl.href);
});

test("init() accepts a Response, streamed when it has the wasm MIME type, and a promise of one", async () => {
  await initWith(new Response(bytes, { headers: { "content-type": "application/wasm" } }));
  await initWith(new Response(bytes, { headers: { "content-type": "application/octet-stream" } }));
  await initWith(Promise.resolve(new Response(bytes)));
});

test("a failed fetch names the HTTP status", async () => {
  await assert.rejects(initWith(new Response("nope", { status: 404 })), /HTTP 404/);
});

test("a runtime without WebAssembly SIMD gets an error naming the feature", async () => {
  const validate = WebAssembly.validate;
  WebAssembly.validate = () => false;
  try {
    await assert.rejects(initWith(bytes), {
      message: "wasmtune needs WebAssembly SIMD (fixed-width, 128-bit), which this runtime does not support",
    });
  } finally {
    WebAssembly.validate = validate;
  }
});

test("the SIMD probe is a module that this engine validates only because it has SIMD", async () => {
  let probe;
  const validate = WebAssembly.validate;
  WebAssembly.validate = (b) => {
    probe = new Uint8Array(b);
    return validate(b);
  };
  try {
    await initWith(bytes);
  } finally {
    WebAssembly.validate = validate;
  }
  assert.equal(validate(probe), true);
  // Without its SIMD prefix byte (0xfd) the probe is invalid: validation
  // hinges on the SIMD instruction and nothing else.
  const i = probe.indexOf(0xfd);
  assert.ok(i > 0);
  probe[i] = 0xfe;
  assert.equal(validate(probe), false);
});

test("init() with no options, empty options or a source loads the default build", async () => {
  for (const arg of [undefined, {}, { source: bytes }, { relaxedSimd: false }, bytes]) {
    assert.equal((await initWith(arg)).runtimeInfo().relaxedSimd, false, String(arg));
  }
});

test("init({ relaxedSimd: true }) loads the relaxed build exactly when the engine can compile it", async () => {
  const supported = WebAssembly.validate(relaxedBytes);
  assert.equal((await initWith({ relaxedSimd: true })).runtimeInfo().relaxedSimd, supported);
  const withSource = initWith({ source: relaxedBytes, relaxedSimd: true });
  if (supported) assert.equal((await withSource).runtimeInfo().relaxedSimd, true);
  else await assert.rejects(withSource, /this engine has no relaxed SIMD, so the relaxed build given as source cannot run here/);
});

// An engine made to reject any module using f32x4.relaxed_madd (0xfd 0x105).
async function withoutRelaxedSimd(run) {
  const validate = WebAssembly.validate;
  WebAssembly.validate = (b) => {
    const u = new Uint8Array(b);
    return !u.some((x, i) => x === 0xfd && u[i + 1] === 0x85 && u[i + 2] === 0x02) && validate(b);
  };
  try {
    await run();
  } finally {
    WebAssembly.validate = validate;
  }
}

test("an engine without relaxed SIMD gets the default build beside the module instead", async () => {
  await withoutRelaxedSimd(async () => {
    assert.equal((await initWith({ relaxedSimd: true })).runtimeInfo().relaxedSimd, false);
  });
});

// An app that passes its own source (a bundle, workerd) need not ship the
// default file beside the module, so init() must not go looking for it.
test("with an explicit relaxed source, an engine without relaxed SIMD is told to pass the default build, and no file is looked for", async () => {
  const bare = await bareBundle();
  await withoutRelaxedSimd(async () => {
    const wt = await freshCopy(bare);
    await assert.rejects(wt.init({ source: relaxedBytes, relaxedSimd: true }), {
      message:
        'wasmtune: init({ source, relaxedSimd: true }): this engine has no relaxed SIMD, so the relaxed build given as source cannot run here; pass the default build instead (e.g. `import wasm from "wasmtune/wasmtune.wasm"; await init(wasm);`)',
    });
    await wt.init(bytes);
    assert.equal(wt.runtimeInfo().relaxedSimd, false);
  });
});

test("a bundle without the .wasm beside it names the file it looked for and how to pass the module", async () => {
  const bare = await bareBundle();
  const missing = new URL("wasmtune.wasm", bare).href;
  const wt = await freshCopy(bare);
  const err = await wt.init().then(() => null, (e) => e);
  assert.ok(err, "init() loaded a .wasm that is not there");
  assert.ok(err.message.startsWith(`wasmtune: cannot load wasmtune.wasm from ${missing}, where init() looks without a source (ENOENT`), err.message);
  assert.ok(err.message.includes("copy node_modules/wasmtune/dist/wasmtune.wasm beside the bundle"), err.message);
  assert.ok(err.message.includes("`await init(source)`"), err.message);
  assert.ok(err.message.includes('`import wasm from "wasmtune/wasmtune.wasm"; await init(wasm);`'), err.message);
  assert.equal(err.cause.code, "ENOENT");
  // The relaxed request names the file it would have read.
  const relaxedFile = WebAssembly.validate(relaxedBytes) ? "wasmtune.relaxed.wasm" : "wasmtune.wasm";
  await assert.rejects((await freshCopy(bare)).init({ relaxedSimd: true }), (e) => e.message.startsWith(`wasmtune: cannot load ${relaxedFile} from ${new URL(relaxedFile, bare).href}`));
  // The bundle itself works once given the module.
  await wt.init(bytes);
  assert.equal(wt.isInitialized(), true);
});

test("a bundle run as a classic script (no import.meta.url, as in a classic Worker) says so and how to pass the module", async () => {
  const classic = await bareBundle({ format: "iife" });
  const context = vm.createContext({ WebAssembly, URL, performance, console });
  vm.runInContext(await readFile(classic, "utf8"), context);
  await assert.rejects(context.wasmtune.init(), {
    message:
      'wasmtune: cannot locate wasmtune.wasm: the module has no URL to look beside (no import.meta.url, as in classic scripts and Workers, or on Cloudflare workerd). Pass the module to init(): `await init(source)` with its URL, path or bytes, a Response or a WebAssembly.Module; on runtimes that forbid compiling from bytes or have no file system (Cloudflare workerd), import it: `import wasm from "wasmtune/wasmtune.wasm"; await init(wasm);`',
  });
  await context.wasmtune.init(new Uint8Array(bytes));
  assert.equal(context.wasmtune.isInitialized(), true);
});

test("a second init() keeps the first one's build, and runtimeInfo() says which", async () => {
  const wt = await initWith(undefined);
  await wt.init({ relaxedSimd: true });
  assert.equal(wt.runtimeInfo().relaxedSimd, false);
});

test("runtimeInfo() before init() and misspelt or mistyped options are refused clearly", async () => {
  const wt = await freshCopy();
  assert.throws(() => wt.runtimeInfo(), /call `await init\(\)` first/);
  await assert.rejects(wt.init({ relaxedsimd: true }), { name: "TypeError", message: "init: unknown option 'relaxedsimd' — did you mean 'relaxedSimd'?" });
  await assert.rejects(wt.init({ relaxedSIMD: true }), { name: "TypeError", message: "init: unknown option 'relaxedSIMD' — did you mean 'relaxedSimd'?" });
  await assert.rejects(wt.init({ relaxed_simd: true }), { name: "TypeError", message: "init: unknown option 'relaxed_simd' — did you mean 'relaxedSimd'?" });
  await assert.rejects(wt.init({ relaxedSimd: "yes" }), { message: "wasmtune: init() option relaxedSimd must be true or false, got yes" });
  await assert.rejects(wt.init({ microkernel: "fma" }), { message: 'wasmtune: init() option microkernel must be "splat" or "shuffle", got fma' });
});

test("init() picks one of the two GEMM microkernels, and init({ microkernel }) forces either, in both builds", async () => {
  assert.ok(["splat", "shuffle"].includes((await initWith(undefined)).runtimeInfo().microkernel));
  for (const microkernel of ["splat", "shuffle"]) {
    for (const relaxedSimd of [false, true]) {
      const wt = await initWith({ microkernel, relaxedSimd });
      assert.equal(wt.runtimeInfo().microkernel, microkernel, `relaxedSimd ${relaxedSimd}`);
    }
  }
});

// Timing by a clock that never moves would never finish its rounds, and one
// that rounds to 0.1 ms would pick at random.
test("with a frozen clock (workerd) or a coarse one (browsers), init() finishes and keeps splat", async () => {
  const now = performance.now;
  try {
    for (const clock of [() => 1000, () => Math.round(now.call(performance) * 10) / 10]) {
      performance.now = clock;
      assert.equal((await initWith(undefined)).runtimeInfo().microkernel, "splat");
    }
  } finally {
    performance.now = now;
  }
});
