import { Generator, defaultGenerator } from "../random/generator.js";
import { sqrt } from "../runtime/math.js";
import type { Parameter } from "./parameter.js";
import { kaimingUniform, uniform, fanInAndFanOut } from "./init.js";

/**
 * PyTorch's `reset_parameters` of `Linear` and the convolutions: the weight
 * from `kaimingUniform(a = √5)`, i.e. U(±1/√fan_in), and the bias from
 * U(±1/√fan_in), both drawn from `generator`.
 */
export function defaultInit(weight: Parameter, bias: Parameter | null, generator: Generator = defaultGenerator): void {
  kaimingUniform(weight, { a: sqrt(5), generator });
  if (bias) {
    const [fanIn] = fanInAndFanOut(weight.data);
    const bound = fanIn > 0 ? 1 / sqrt(fanIn) : 0;
    uniform(bias, -bound, bound, generator);
  }
}
