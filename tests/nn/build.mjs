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
      return new nn[spec.type](...args);
    case "BatchNorm1d":
    case "LayerNorm":
      return new nn[spec.type](args[0], o);
    default:
      return new nn[spec.type](o);
  }
}
