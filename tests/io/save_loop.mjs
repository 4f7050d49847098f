// Child process of atomic_write.test.mjs: saves two checkpoint files over the
// same path alternately, as fast as it can, until it is killed. Prints
// "ready" once the first save has completed.
import { readFileSync } from "node:fs";
import { io } from "../../dist/index.js";

const [target, a, b] = process.argv.slice(2);
const files = [readFileSync(a), readFileSync(b)];
for (let i = 0; ; i++) {
  await io.writeBytes(target, files[i % 2]);
  if (i === 0) process.stdout.write("ready\n");
}
