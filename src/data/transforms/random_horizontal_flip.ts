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
    rt().k.flipHorizontalWhere(src, rows, shape[0], shape[1], shape[2], params);
  }
}
