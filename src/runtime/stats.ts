import { rt } from "./wasm.js";

/** Linear-memory usage: bytes handed out by the allocator and the total memory size. */
export function memoryStats(): { allocatedBytes: number; memoryBytes: number } {
  const a = rt().allocator;
  return { allocatedBytes: a.allocatedBytes, memoryBytes: a.memoryBytes };
}
