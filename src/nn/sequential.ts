import type { Tensor } from "../tensor.js";
import { Module } from "./module.js";
import { userForward } from "./tape/user_forward.js";

/**
 * Runs modules in order; `backward` runs them in reverse. Children are named
 * "0", "1", … so state-dict keys are PyTorch's (`"0.weight"`, `"2.bias"`).
 */
export class Sequential extends Module {
  private readonly layers: Module[];
  /** Index of the first child with parameters (-1 if none): `backwardParams` stops there. */
  private readonly firstTrainable: number;
  /** Holds a user module: its layers record on the tape as inside a user module's forward. */
  private readonly tape: boolean;

  constructor(...modules: Module[]) {
    super();
    this.layers = modules;
    modules.forEach((m, i) => this.registerModule(String(i), m));
    this.firstTrainable = modules.findIndex((m) => m.parameters().length > 0);
    this.tape = modules.some((m) => m.usesTape);
  }

  protected override get isContainer(): boolean {
    return true;
  }

  /** Number of child modules. */
  get length(): number {
    return this.layers.length;
  }

  /** The child at `index` (negative counts from the end). */
  at(index: number): Module {
    const m = this.layers.at(index);
    if (m === undefined) throw new RangeError(`wasmtune: Sequential: index ${index} is out of range for ${this.layers.length} modules`);
    return m;
  }

  forward(x: Tensor): Tensor {
    return this.tape ? userForward(this, this.run, [x]) : this.run(x);
  }

  private run(x: Tensor): Tensor {
    let h = x;
    for (const m of this.layers) h = m.forward(h);
    return h;
  }

  override backward(gradOut: Tensor): Tensor {
    let g = gradOut;
    for (let i = this.layers.length - 1; i >= 0; i--) g = this.layers[i].backward(g);
    return g;
  }

  /** The layers after the first one with parameters run `backward`, that one `backwardParams`, the ones before it nothing. */
  override backwardParams(gradOut: Tensor): void {
    const first = this.firstTrainable;
    if (first < 0) return;
    let g = gradOut;
    for (let i = this.layers.length - 1; i > first; i--) g = this.layers[i].backward(g);
    this.layers[first].backwardParams(g);
  }

  override toString(): string {
    return `Sequential(${this.layers.map(String).join(", ")})`;
  }
}
