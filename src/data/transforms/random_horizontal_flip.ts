import { flipHorizontalWhere } from "../../kernels/transforms.js";
import { rt } from "../../runtime/wasm.js";
import { RandomFlip } from "./random_flip.js";
import type { ImageShape } from "./image_shape.js";

/** Mirror each image left to right with probability `p` (default 0.5), as `torchvision.transforms.RandomHorizontalFlip`. */
export class RandomHorizontalFlip extends RandomFlip {
  constructor(p = 0.5) {
    super("RandomHorizontalFlip", p);
  }

  /** @internal */
  run(src: number, _dst: number, rows: number, shape: ImageShape, _out: ImageShape, params: number): void {
    flipHorizontalWhere(rt().k, { x: src, n: rows, c: shape[0], h: shape[1], w: shape[2], flags: params });
  }
}
