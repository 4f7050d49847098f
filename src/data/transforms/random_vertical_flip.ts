import { flipVerticalWhere } from "../../kernels/transforms.js";
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
    flipVerticalWhere(rt().k, { x: src, n: rows, c: shape[0], h: shape[1], w: shape[2], flags: params });
  }
}
