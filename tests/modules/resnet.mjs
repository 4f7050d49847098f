// A small residual network of user modules, as tests/fixtures/gen_modules.py
// builds it in PyTorch: a stem, then two torchvision-style BasicBlocks (the
// example's: one ReLU module called twice, the shortcut added before it; the
// second block downsamples through a 1x1 convolution), pooling and a linear head.
import { wt } from "../helpers.mjs";
import { BasicBlock } from "../../examples/resnet_digits.mjs";
const { nn } = wt;

export { BasicBlock };

export class ResNet extends nn.Module {
  constructor() {
    super();
    this.conv1 = new nn.Conv2d(1, 4, 3, { padding: 1, bias: false });
    this.bn1 = new nn.BatchNorm2d(4);
    this.relu = new nn.ReLU();
    this.layers = new nn.Sequential(new BasicBlock(4, 4, 1), new BasicBlock(4, 8, 2));
    this.pool = new nn.AdaptiveAvgPool2d(1);
    this.flatten = new nn.Flatten();
    this.fc = new nn.Linear(8, 3);
  }

  forward(x) {
    const h = this.layers.forward(this.relu.forward(this.bn1.forward(this.conv1.forward(x))));
    return this.fc.forward(this.flatten.forward(this.pool.forward(h)));
  }
}
