// The convolution and pooling cases of the benchmarks (bench/run.mjs,
// bench/paired.mjs), by id.
// The layers of issue #15's acceptance CNNs. Fashion-MNIST (28×28×1):
// Conv2d(1,32,3,pad 1)-BN-ReLU-MaxPool2 → Conv2d(32,64,3,pad 1)-BN-ReLU-MaxPool2
// → …; digits (8×8×1): Conv2d(1,16,3,pad 1)-ReLU-Conv2d(16,32,3,pad 1)-…;
// plus a depthwise 3×3 and a 1×1 convolution. A first layer computes no
// input gradient (inputGrad false), as in training.
const layer = (label, batch, cin, cout, size, kernel, padding, groups, inputGrad) => ({ label, batch, cin, cout, size, kernel, padding, groups, inputGrad });
export const CONV_CASES = {
  fashion1: layer("Fashion-MNIST conv1 1→32 3×3 on 28×28", 64, 1, 32, 28, 3, 1, 1, false),
  fashion2: layer("Fashion-MNIST conv2 32→64 3×3 on 14×14", 64, 32, 64, 14, 3, 1, 1, true),
  "fashion1 128": layer("Fashion-MNIST conv1 1→32 3×3 on 28×28", 128, 1, 32, 28, 3, 1, 1, false),
  "fashion2 128": layer("Fashion-MNIST conv2 32→64 3×3 on 14×14", 128, 32, 64, 14, 3, 1, 1, true),
  digits1: layer("digits conv1 1→16 3×3 on 8×8", 64, 1, 16, 8, 3, 1, 1, false),
  digits2: layer("digits conv2 16→32 3×3 on 8×8", 64, 16, 32, 8, 3, 1, 1, true),
  depthwise: layer("depthwise 32 channels 3×3 on 14×14", 64, 32, 32, 14, 3, 1, 32, true),
  "1x1": layer("1×1 32→64 on 14×14", 64, 32, 64, 14, 1, 0, 1, true),
};
export const POOL_CASES = {
  fashion1: { label: "MaxPool2d(2) 32 channels 28×28", batch: 64, channels: 32, size: 28 },
  fashion2: { label: "MaxPool2d(2) 64 channels 14×14", batch: 64, channels: 64, size: 14 },
};
