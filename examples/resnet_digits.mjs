// Digits (8×8 images, 10 classes) with a small ResNet written as user
// modules: torchvision's BasicBlock (two 3×3 convolutions with batch norm,
// one ReLU module called twice, the shortcut added before the second), a
// downsampling block with a 1×1 convolution on its shortcut, global average
// pooling and a linear head. fit() trains it through autograd; Adam lr 3e-3,
// batch 32, on a stratified 80/20 split; reports the test accuracy.
//   node examples/resnet_digits.mjs
import { pathToFileURL } from "node:url";
import { init, manualSeed, nn } from "wasmtune";
import { loadSplit, sharedDataset, trainAndTest } from "./tabular.mjs";

/** torchvision's BasicBlock: `relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))`. */
export class BasicBlock extends nn.Module {
  constructor(cin, cout, stride = 1) {
    super();
    this.conv1 = new nn.Conv2d(cin, cout, 3, { stride, padding: 1, bias: false });
    this.bn1 = new nn.BatchNorm2d(cout);
    this.relu = new nn.ReLU();
    this.conv2 = new nn.Conv2d(cout, cout, 3, { padding: 1, bias: false });
    this.bn2 = new nn.BatchNorm2d(cout);
    // The identity, or a strided 1×1 convolution where the shape changes.
    this.downsample = stride !== 1 || cin !== cout ? new nn.Sequential(new nn.Conv2d(cin, cout, 1, { stride, bias: false }), new nn.BatchNorm2d(cout)) : null;
  }

  forward(x) {
    const out = this.bn2.forward(this.conv2.forward(this.relu.forward(this.bn1.forward(this.conv1.forward(x)))));
    const shortcut = this.downsample === null ? x : this.downsample.forward(x);
    return this.relu.forward(out.add(shortcut));
  }
}

/** Stem, two residual stages (8×8 → 4×4), global pooling, linear classifier. */
export class ResNet extends nn.Module {
  constructor(classes = 10, width = 16) {
    super();
    this.stem = new nn.Sequential(new nn.Conv2d(1, width, 3, { padding: 1, bias: false }), new nn.BatchNorm2d(width), new nn.ReLU());
    this.layer1 = new BasicBlock(width, width);
    this.layer2 = new BasicBlock(width, 2 * width, 2);
    this.pool = new nn.AdaptiveAvgPool2d(1);
    this.flatten = new nn.Flatten();
    this.fc = new nn.Linear(2 * width, classes);
  }

  forward(x) {
    // The CSV rows are the 64 pixels of one image.
    const h = this.layer2.forward(this.layer1.forward(this.stem.forward(x.reshape([-1, 1, 8, 8]))));
    return this.fc.forward(this.flatten.forward(this.pool.forward(h)));
  }
}

/** Train and return `{ accuracy, loss, history, seconds }` on the test part. */
export async function resnetDigits({ epochs = 15, seed = 0, verbose = false, file = sharedDataset("digits.csv") } = {}) {
  await init();
  manualSeed(seed);
  const d = await loadSplit(file, { seed, targetDtype: "int32" });
  const model = new ResNet();
  return trainAndTest(model, new nn.CrossEntropyLoss(), d, { epochs, seed, verbose, metrics: ["accuracy"], lr: 3e-3 });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await resnetDigits({ verbose: true });
  console.log(`digits (ResNet of user modules): test accuracy ${r.accuracy.toFixed(4)} (${r.seconds.toFixed(2)} s training)`);
}
