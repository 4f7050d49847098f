import { shapeStr } from "../../tensor.js";

/** The shape of one image: channels, height, width (torchvision's `[C, H, W]`). */
export type ImageShape = readonly [channels: number, height: number, width: number];

/** How a batch's rows are read as images and how the transformed batch is shaped. */
export interface ImageLayout {
  /** One row as an image. */
  shape: ImageShape;
  /** The batch shape for `rows` rows of transformed images of `out`. */
  batchShape(rows: number, out: ImageShape): number[];
}

/**
 * Read the rows of a batch or dataset of shape `[N, ...row]` as images: a
 * row `[C, H, W]` is one image as it is; any other row (flat CSV features,
 * `[H, W]`) needs `imageShape`, whose size must be the row's. Transformed
 * rows keep their shape when the image keeps its own, else become
 * `[C, H', W']` (image rows) or `C·H'·W'` values (any other row).
 */
export function imageLayout(who: string, batchShape: readonly number[], imageShape?: ImageShape): ImageLayout {
  const row = batchShape.slice(1);
  const size = row.reduce((a, d) => a * d, 1);
  if (imageShape !== undefined) checkImageShape(who, imageShape);
  if (imageShape === undefined && row.length !== 3) {
    throw new Error(`wasmtune: ${who}: rows of shape ${shapeStr(row)} are not images [C, H, W]; pass imageShape, e.g. [1, 8, 8] for 64 features`);
  }
  const shape = imageShape ?? (row as unknown as ImageShape);
  const imageSize = shape[0] * shape[1] * shape[2];
  if (imageSize !== size) throw new Error(`wasmtune: ${who}: imageShape ${shapeStr(shape)} holds ${imageSize} values but the rows of shape ${shapeStr(row)} hold ${size}`);
  const asImage = row.length === 3 && row.every((d, i) => d === shape[i]);
  return {
    shape,
    batchShape(rows, out) {
      if (out[0] === shape[0] && out[1] === shape[1] && out[2] === shape[2]) return [rows, ...row];
      return asImage ? [rows, ...out] : [rows, out[0] * out[1] * out[2]];
    },
  };
}

/** Refuse an image shape that is not three positive integers. */
export function checkImageShape(who: string, shape: unknown): asserts shape is ImageShape {
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(`wasmtune: ${who}: imageShape must be three positive integers [C, H, W], got ${JSON.stringify(shape)}`);
  }
}
