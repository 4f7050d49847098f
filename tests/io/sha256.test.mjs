import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { wt } from "../helpers.mjs";

// The checksum is checked through the public encoder: its recorded digest must
// equal node:crypto's SHA-256 of the same canonical bytes, for sizes around
// the 64-byte block and 56-byte padding boundaries.
test("the checkpoint checksum is standard SHA-256 at every padding boundary", () => {
  for (const n of [0, 1, 13, 14, 15, 16, 17, 29, 30, 64, 1000]) {
    const data = new Float32Array(n).map((_, i) => i * 0.37 - 1);
    const tensors = { t: { dtype: "F32", shape: [n], data } };
    const bytes = wt.io.encodeSafetensors(tensors, {}, { checksum: true });
    const recorded = wt.io.decodeSafetensors(bytes).metadata["wasmtune.sha256"];
    const canonical = JSON.stringify({ __metadata__: {}, t: { dtype: "F32", shape: [n], data_offsets: [0, 4 * n] } });
    const expected = createHash("sha256").update(canonical).update(new Uint8Array(data.buffer)).digest("hex");
    assert.equal(recorded, expected, `n=${n}`);
  }
});
