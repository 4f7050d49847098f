import type { Tensor } from "../tensor.js";
import { Module } from "./module.js";

/** The error of calling a container that has no forward of its own, in PyTorch's words. */
function noForward(who: string): never {
  throw new Error(`Module [${who}] is missing the required "forward" function`);
}

/**
 * Holds sub-modules in a list, as `torch.nn.ModuleList`: they are registered
 * under their indices (`blocks.0.conv1.weight`), so their parameters are the
 * owner's. It has no forward; a user module's forward iterates over it.
 */
export class ModuleList extends Module implements Iterable<Module> {
  private readonly items: Module[] = [];

  constructor(modules: Iterable<Module> = []) {
    super();
    for (const m of modules) this.append(m);
  }

  /** Add `module` at the end (PyTorch's `append`); returns this list. */
  append(module: Module): this {
    if (!(module instanceof Module)) throw new TypeError(`ModuleList.append: expected a Module, got ${String(module)}`);
    this.registerModule(String(this.items.length), module);
    this.items.push(module);
    return this;
  }

  /** Add every module of `modules` at the end (PyTorch's `extend`). */
  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Number of modules. */
  get length(): number {
    return this.items.length;
  }

  /** The module at `index` (negative counts from the end). */
  at(index: number): Module {
    const m = this.items.at(index);
    if (m === undefined) throw new RangeError(`index ${index} is out of range`);
    return m;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.items[Symbol.iterator]();
  }

  forward(...inputs: Tensor[]): Tensor {
    void inputs;
    return noForward("ModuleList");
  }

  override toString(): string {
    return `ModuleList(${this.items.map(String).join(", ")})`;
  }
}

/**
 * Holds sub-modules by name, as `torch.nn.ModuleDict`: registered under
 * their keys (`heads.digits.weight`) in insertion order. No forward.
 */
export class ModuleDict extends Module {
  private readonly entries = new Map<string, Module>();

  constructor(modules: Record<string, Module> | Iterable<[string, Module]> = {}) {
    super();
    const pairs = Symbol.iterator in modules ? (modules as Iterable<[string, Module]>) : Object.entries(modules);
    for (const [k, m] of pairs) this.set(k, m);
  }

  /** Add or replace the module under `key` (a replaced key keeps its place, as in PyTorch). */
  set(key: string, module: Module): this {
    if (!(module instanceof Module)) throw new TypeError(`ModuleDict.set: expected a Module for "${key}", got ${String(module)}`);
    if (key.includes(".") || key === "") throw new Error(`module name can't contain ".", got: ${key}`);
    this.registerModule(key, module);
    this.entries.set(key, module);
    return this;
  }

  /** The module under `key`. */
  get(key: string): Module {
    const m = this.entries.get(key);
    if (m === undefined) throw new Error(`ModuleDict: no module named "${key}" (keys: ${[...this.entries.keys()].join(", ")})`);
    return m;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  get size(): number {
    return this.entries.size;
  }

  forward(...inputs: Tensor[]): Tensor {
    void inputs;
    return noForward("ModuleDict");
  }
}
