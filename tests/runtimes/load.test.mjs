// init() and each kind of source it accepts, plus the SIMD feature check.
// Every case imports its own copy of the package (a distinct query string
// gives a fresh module instance), because init() is idempotent per instance.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

const wasmUrl = new URL("../../dist/wasmtune.wasm", import.meta.url);
const bytes = await readFile(wasmUrl);
let copies = 0;

async function initWith(source) {
  const wt = await import(`../../dist/index.js?copy=${++copies}`);
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
