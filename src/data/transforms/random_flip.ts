import type { Generator } from "../../random/generator.js";
import { Step } from "./transform.js";
import type { ImageShape } from "./image_shape.js";

/**
 * The frame of the random flips: each image is flipped with probability
 * `p`, decided by one uniform draw (`generator.random() < p`, as
 * torchvision's `torch.rand(1) < p`), drawn even when p is 0 or 1 so that
 * the stream does not depend on p. The parameter is the decision.
 */
export abstract class RandomFlip extends Step<boolean> {
  /** Probability of flipping an image. */
  readonly p: number;
  /** @internal */
  readonly paramWords = 1;
  /** @internal */
  readonly inPlace = true;

  protected constructor(name: string, p: number) {
    super(name);
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new RangeError(`wasmtune: ${name}: probability p has to be between 0 and 1, but got ${String(p)}`);
    this.p = p;
  }

  outputShape(shape: ImageShape): ImageShape {
    return shape;
  }

  /** @internal */
  draw(generator: Generator, _shape: ImageShape, words: Int32Array, at: number): void {
    words[at] = generator.random() < this.p ? 1 : 0;
  }

  /** @internal */
  encode(flip: boolean, _shape: ImageShape, words: Int32Array, at: number, sample: number): void {
    if (typeof flip !== "boolean") throw new TypeError(`wasmtune: ${this.name}: the parameter of image ${sample} must be true (flip) or false, got ${JSON.stringify(flip)}`);
    words[at] = flip ? 1 : 0;
  }

  /** @internal */
  decode(words: Int32Array, at: number): boolean {
    return words[at] !== 0;
  }
}
