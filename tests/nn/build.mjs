// Builds wasmtune modules from the fixture's module specs (tests/fixtures/gen_nn.py).
import { wt } from "../helpers.mjs";
const { nn } = wt;

export function build(spec) {
  const args = spec.args ?? [];
  const o = spec.options ?? {};
  switch (spec.type) {
    case "Sequential":
      return new nn.Sequential(...spec.children.map(build));
    case "Linear":
      return new nn.Linear(args[0], args[1], o);
    case "LeakyReLU":
    case "ELU":
    case "Dropout":
    case "Dropout2d":
      return new nn[spec.type](...args);
    case "Conv1d":
    case "Conv2d":
      return new nn[spec.type](args[0], args[1], args[2], o);
    case "MaxPool2d":
    case "AvgPool2d":
      return new nn[spec.type](args[0], o);
    case "AdaptiveAvgPool2d":
      return new nn[spec.type](args[0]);
    case "BatchNorm1d":
    case "BatchNorm2d":
    case "LayerNorm":
      return new nn[spec.type](args[0], o);
    default:
      return new nn[spec.type](o);
  }
}
