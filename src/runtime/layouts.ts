import { LAYOUTS } from "../kernels/layouts.js";
import type { Kernels } from "./wasm.js";

/**
 * Refuse a module whose declared tables (the parameter tables and shape
 * descriptions of assembly/decl/*.json, as compiled into it and reported by
 * its `kernelLayout`) differ from this host's: a `.wasm` from another build
 * would read the host's tables with other slots and silently compute wrong
 * numbers.
 */
export function checkLayouts(k: Kernels): void {
  const problems: string[] = [];
  const tables = k.kernelLayout(-1, -1);
  if (tables !== LAYOUTS.length) problems.push(`${tables} declared tables in the module, ${LAYOUTS.length} here`);
  LAYOUTS.forEach((t, ti) => {
    const slots = k.kernelLayout(ti, -1);
    if (slots !== t.slots.length) problems.push(`${t.name} has ${slots} slots in the module, ${t.slots.length} here`);
    t.codes.forEach((code, i) => {
      if (k.kernelLayout(ti, i) !== code) problems.push(`slot ${i} of ${t.name} is not "${t.slots[i]}" in the module`);
    });
  });
  if (problems.length) {
    throw new Error(`wasmtune: the WebAssembly module comes from another build than this JavaScript (${problems.join("; ")}); load the .wasm built with it`);
  }
}
