// Convolution and pooling layers against PyTorch 1.13 (tests/fixtures/gen_conv.py):
// every option, forward and all gradients; see parity_check.mjs.
import { test } from "node:test";
import { fixture } from "../helpers.mjs";
import { checkParityCase } from "./parity_check.mjs";

const { cases } = fixture("nn/conv.json");

// A convolution's weight gradient sums N·oh·ow products per entry and its
// output C·kh·kw (153 in the 17-channel case), in another order than
// PyTorch's. Run in float64 from the fixture's data, PyTorch's f32 results are
// off by as much as ours, or more (weight gradients: torch 1.8e-4 absolute,
// ours 5.9e-5 in the 17-channel case; 5.2e-5 / 1.6e-5 with 37-wide rows;
// 8e-6 / 4e-6 with padding "same"), so the two f32 results differ by their
// sum. These cases get the MLP's tolerance (tests/nn/parity.test.mjs), the
// rest the default. The 17-channel case's 17×17 output now runs Winograd's
// F(4×4, 3×3) (docs/nn.md), whose weight gradient is off by 1.8e-4 absolute
// from float64 (3.2e-4 when the packed GEMM summed it, before dotGemmNT;
// F(2×2, 3×3)'s 1.1e-4, torch's float32 1.8e-4; 1.1e-6 of the largest
// entry): its absolute part covers the measured difference from torch's
// float32 entries beyond the relative part, 6.0e-5 (1.2e-4 before), with room.
const SUMS = { rtol: 1e-4, atol: 3e-5 };
const SUMS_F4 = { rtol: 1e-4, atol: 2e-4 };
const TOLERANCE = {
  "Conv2d padding same": SUMS,
  "Conv2d reflect": SUMS,
  "Conv2d reflect same even kernel": SUMS,
  "Conv2d 17 channels 17x17": SUMS_F4,
  "Conv2d wide rows": SUMS,
};

for (const c of cases) {
  test(`PyTorch parity: ${c.name}`, () => checkParityCase(c, TOLERANCE[c.name]));
}
