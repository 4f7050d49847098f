// A small residual network of user modules, as tests/fixtures/gen_modules.py
// builds it in PyTorch: a stem, then two torchvision-style BasicBlocks (one
// ReLU module called twice, the shortcut added before it; the second block
// downsamples through a 1x1 convolution), pooling and a linear head.
import { wt } from "../helpers.mjs";
const { nn } = wt;

export class BasicBlock extends nn.Module {
  constructor(cin, cout, stride) {
    super();
    this.conv1 = new nn.Conv2d(cin, cout, 3, { stride, padding: 1, bias: false });
    this.bn1 = new nn.BatchNorm2d(cout);
    this.relu = new nn.ReLU();
    this.conv2 = new nn.Conv2d(cout, cout, 3, { padding: 1, bias: false });
    this.bn2 = new nn.BatchNorm2d(cout);
    this.downsample = null;
    if (stride !== 1 || cin !== cout) this.downsample = new nn.Sequential(new nn.Conv2d(cin, cout, 1, { stride, bias: false }), new nn.BatchNorm2d(cout));
  }

  forward(x) {
    let out = this.relu.forward(this.bn1.forward(this.conv1.forward(x)));
    out = this.bn2.forward(this.conv2.forward(out));
    const identity = this.downsample === null ? x : this.downsample.forward(x);
    return this.relu.forward(out.add(identity));
  }
}

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
