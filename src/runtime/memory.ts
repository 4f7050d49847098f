import type { WasmMemory } from "./web_types.js";

/**
 * The host-side allocator for WebAssembly linear memory.
 *
 * Kernels never allocate; every buffer (tensor data, gradients, optimizer
 * state, batch staging) is carved out here. Blocks are 16-byte aligned so
 * `v128` loads in the kernels stay aligned. Freed blocks go to an
 * address-ordered free list and are coalesced with their neighbours, so a
 * training loop that frees and re-allocates the same sizes reuses the same
 * addresses and the memory never grows after the first step.
 */
export class Allocator {
  /** First byte the allocator may hand out (the module's `__heap_base`, aligned). */
  readonly base: number;
  private top: number;
  /** Free blocks as parallel address-ordered arrays (start, size in bytes). */
  private freeStart: number[] = [];
  private freeSize: number[] = [];
  private readonly sizes = new Map<number, number>();
  /** Incremented whenever the memory grows and old views are detached. */
  generation = 0;

  constructor(
    private readonly memory: WasmMemory,
    heapBase: number,
    private readonly onGrow: () => void,
  ) {
    this.base = align(heapBase);
    this.top = this.base;
  }

  /** Bytes currently handed out. */
  get allocatedBytes(): number {
    let s = 0;
    for (const v of this.sizes.values()) s += v;
    return s;
  }

  /** Size of linear memory in bytes. */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Allocate `bytes` (rounded up to 16) and return the byte offset. Contents are unspecified. */
  alloc(bytes: number): number {
    if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`wasmtune: cannot allocate ${bytes} bytes`);
    const size = Math.max(16, align(bytes));
    const fs = this.freeStart;
    const fz = this.freeSize;
    for (let i = 0; i < fs.length; i++) {
      if (fz[i] >= size) {
        const ptr = fs[i];
        if (fz[i] === size) {
          fs.splice(i, 1);
          fz.splice(i, 1);
        } else {
          fs[i] += size;
          fz[i] -= size;
        }
        this.sizes.set(ptr, size);
        return ptr;
      }
    }
    // A free block touching the top can be extended instead of leaving a hole.
    let ptr = this.top;
    const last = fs.length - 1;
    if (last >= 0 && fs[last] + fz[last] === this.top) {
      ptr = fs[last];
      fs.pop();
      fz.pop();
    }
    this.ensure(ptr + size);
    this.top = ptr + size;
    this.sizes.set(ptr, size);
    return ptr;
  }

  /** Return a block to the free list. Freeing 0 is a no-op; a double free throws. */
  free(ptr: number): void {
    if (ptr === 0) return;
    const size = this.sizes.get(ptr);
    if (size === undefined) throw new Error(`wasmtune: free of unknown pointer ${ptr}`);
    this.sizes.delete(ptr);
    const fs = this.freeStart;
    const fz = this.freeSize;
    let lo = 0;
    let hi = fs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (fs[mid] < ptr) lo = mid + 1;
      else hi = mid;
    }
    let start = ptr;
    let len = size;
    let at = lo;
    if (at > 0 && fs[at - 1] + fz[at - 1] === start) {
      at--;
      start = fs[at];
      len += fz[at];
      fs.splice(at, 1);
      fz.splice(at, 1);
    }
    if (at < fs.length && start + len === fs[at]) {
      len += fz[at];
      fs.splice(at, 1);
      fz.splice(at, 1);
    }
    if (start + len === this.top) {
      this.top = start;
      return;
    }
    fs.splice(at, 0, start);
    fz.splice(at, 0, len);
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    const PAGE = 65536;
    // Grow geometrically so a run of small allocations does not grow page by page.
    const need = Math.ceil((end - have) / PAGE);
    const pages = Math.max(need, Math.ceil(have / PAGE / 2));
    try {
      this.memory.grow(pages);
    } catch {
      this.memory.grow(need);
    }
    this.generation++;
    this.onGrow();
  }
}

function align(n: number): number {
  // Arithmetic, not bit ops: offsets above 2 GiB must not wrap to negative.
  return Math.ceil(n / 16) * 16;
}
