import type { HostArray } from "./host.js";
import { loadIdx } from "./idx.js";

/** Images as `[N, H*W]` float32 in [0, 1] and their labels as int32 class indices. */
export interface ImageSet {
  x: HostArray<Float32Array>;
  y: Int32Array;
}

/**
 * Flatten `[N, H, W]` ubyte images to `[N, H*W]` float32 scaled to [0, 1]
 * (like torchvision's `ToTensor`) and pair them with `[N]` labels.
 */
export function imageSet(images: HostArray, labels: HostArray): ImageSet {
  const n = images.shape[0];
  if (!(images.data instanceof Uint8Array) || images.shape.length < 2) throw new Error(`wasmtune: images must be [N, H, W] ubyte, got shape [${images.shape.join(", ")}]`);
  if (labels.shape.length !== 1 || labels.shape[0] !== n) throw new Error(`wasmtune: ${n} images but labels of shape [${labels.shape.join(", ")}]`);
  const x = new Float32Array(images.data.length);
  for (let i = 0; i < x.length; i++) x[i] = images.data[i] / 255;
  return { x: { data: x, shape: [n, images.data.length / n] }, y: Int32Array.from(labels.data) };
}

/**
 * Load an MNIST-format directory (MNIST, Fashion-MNIST): the four gzipped
 * IDX files `train-images-idx3-ubyte.gz`, `train-labels-idx1-ubyte.gz`,
 * `t10k-images-idx3-ubyte.gz`, `t10k-labels-idx1-ubyte.gz`.
 */
export async function loadMnist(dir: string | URL): Promise<{ train: ImageSet; test: ImageSet }> {
  const base = String(dir).replace(/\/?$/, "/");
  const part = async (prefix: string): Promise<ImageSet> =>
    imageSet(await loadIdx(`${base}${prefix}-images-idx3-ubyte.gz`), await loadIdx(`${base}${prefix}-labels-idx1-ubyte.gz`));
  return { train: await part("train"), test: await part("t10k") };
}
