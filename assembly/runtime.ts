// The host allocates above __heap_base; it needs to know where static data ends.
export function heapBase(): usize {
  return __heap_base;
}
