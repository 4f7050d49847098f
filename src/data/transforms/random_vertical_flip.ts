import { rt } from "../../runtime/wasm.js";
import { RandomFlip } from "./random_flip.js";
import type { ImageShape } from "./image_shape.js";

/** Mirror each image top to bottom with probability `p` (default 0.5), as `torchvision.transforms.RandomVerticalFlip`. */
export class RandomVerticalFlip extends RandomFlip {
  constructor(p = 0.5) {
    super("RandomVerticalFlip", p);
  }

  /** @internal */
  run(src: number, _dst: number, rows: number, shape: ImageShape, _out: ImageShape, params: number): void {
    rt().k.flipVerticalWhere(src, rows, shape[0], shape[1], shape[2], params);
  }
}
