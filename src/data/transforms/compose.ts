import { Transform } from "./transform.js";
import type { Step } from "./transform.js";
import type { ImageShape } from "./image_shape.js";

/**
 * Apply transforms one after the other, as `torchvision.transforms.Compose`.
 * An image's parameters are the list of its transforms' parameters, in
 * order (nested Composes are flattened into one list).
 */
export class Compose extends Transform<unknown[]> {
  readonly transforms: readonly Transform[];
  private readonly flat: readonly Step<unknown>[];

  constructor(transforms: readonly Transform[]) {
    super("Compose");
    if (!Array.isArray(transforms)) throw new TypeError(`wasmtune: Compose: transforms must be an array of transforms, got ${typeof transforms}`);
    const bad = transforms.findIndex((t) => !(t instanceof Transform));
    if (bad >= 0) throw new TypeError(`wasmtune: Compose: transform ${bad} is not a data.transforms transform: ${String(transforms[bad])}`);
    this.transforms = transforms.slice();
    this.flat = this.transforms.flatMap((t) => t.steps());
  }

  outputShape(shape: ImageShape): ImageShape {
    return this.flat.reduce((s, t) => t.outputShape(s), shape);
  }

  /** @internal */
  steps(): readonly Step<unknown>[] {
    return this.flat;
  }

  protected combine(params: unknown[]): unknown[] {
    return params;
  }

  protected split(params: unknown[]): readonly unknown[] {
    return params;
  }
}
