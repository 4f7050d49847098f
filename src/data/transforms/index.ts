// Image augmentation after torchvision.transforms, applied per image inside a batch.
export { Transform } from "./transform.js";
export type { TransformApplyOptions, TransformApplyWithOptions } from "./transform.js";
export { Compose } from "./compose.js";
export { RandomHorizontalFlip } from "./random_horizontal_flip.js";
export { RandomVerticalFlip } from "./random_vertical_flip.js";
export { RandomCrop } from "./random_crop.js";
export type { CropParams, RandomCropOptions } from "./random_crop.js";
export { RandomAffine } from "./random_affine.js";
export type { RandomAffineOptions, TranslateParams } from "./random_affine.js";
export { Normalize } from "./normalize.js";
export type { ImageShape } from "./image_shape.js";
export type { Padding, PaddingMode } from "./padding.js";
