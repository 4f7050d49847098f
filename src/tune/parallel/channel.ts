import { decodeValue, encodeValue, rebuildError } from "./protocol.js";
import type { ErrorInfo } from "./protocol.js";

// A worker's synchronous reply slot: [flag, length] as int32, then the
// reply's UTF-8 JSON. The worker clears the flag, posts its request and
// blocks in Atomics.wait until the main thread has written the reply and set
// the flag; a reply written before the wait starts is seen at once.

const HEADER = 8;
/** Room for a reply: suggestions and attribute snapshots are far smaller. */
export const CHANNEL_BYTES = 1 << 20;

/** A new reply slot for one worker; refuses, naming the cure, where there is no shared memory. */
export function createChannelBuffer(): SharedArrayBuffer {
  if (typeof SharedArrayBuffer !== "function") {
    throw new Error(
      "wasmtune: tuning workers need SharedArrayBuffer, which this context does not provide; in a browser the page must be cross-origin isolated: " +
        "serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp",
    );
  }
  return new SharedArrayBuffer(HEADER + CHANNEL_BYTES);
}

/** Main thread: answer the worker's pending call with a value or an error. */
export function writeReply(buffer: SharedArrayBuffer, reply: { value: unknown } | { error: ErrorInfo }): void {
  let bytes = new TextEncoder().encode(encodeValue(reply));
  if (bytes.length > CHANNEL_BYTES) {
    bytes = new TextEncoder().encode(encodeValue({ error: { name: "RangeError", message: `wasmtune: a reply of ${bytes.length} bytes does not fit the worker channel's ${CHANNEL_BYTES}` } }));
  }
  const flag = new Int32Array(buffer, 0, 2);
  new Uint8Array(buffer, HEADER, bytes.length).set(bytes);
  flag[1] = bytes.length;
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

/** Worker: post a request with `send` and block until its reply arrives; errors are thrown again here. */
export function callSync(buffer: SharedArrayBuffer, send: () => void): unknown {
  const flag = new Int32Array(buffer, 0, 2);
  Atomics.store(flag, 0, 0);
  send();
  Atomics.wait(flag, 0, 0);
  // Copy out of shared memory: TextDecoder refuses shared views in browsers.
  const bytes = new Uint8Array(buffer, HEADER, flag[1]).slice();
  Atomics.store(flag, 0, 0);
  const reply = decodeValue(new TextDecoder().decode(bytes)) as { value: unknown } | { error: ErrorInfo };
  if ("error" in reply) throw rebuildError(reply.error);
  return reply.value;
}
