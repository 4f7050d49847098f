// Replays a training-trace fixture (tests/fixtures/gen_conv.py's
// training_case): PyTorch's initial state, data and optimizer, full-batch
// steps; the losses and the final state must be torch's.
import { assertClose, wt } from "../helpers.mjs";
const { Tensor, nn, optim } = wt;

/**
 * Train `model` as case `c` did with `step(model, x, y, loss, opt)` (one step,
 * returning the loss) and compare the loss trace with `tolerance` and the
 * final state dict with `weights`.
 */
export function checkTrainingTrace(c, model, step, tolerance, weights = tolerance) {
  model.loadStateDict(c.state);
  const x = Tensor.from(c.input.data, c.input.shape);
  const y = Tensor.from(c.target, [c.target.length], "int32");
  const opt = new optim[c.optimizer](model.parameters(), c.options);
  const loss = new nn.CrossEntropyLoss();
  const losses = [];
  for (let i = 0; i < c.losses.length; i++) losses.push(step(model, x, y, loss, opt));
  assertClose(losses, c.losses, { ...tolerance, msg: `${c.name}: loss trace` });
  const sd = model.stateDict();
  for (const [k, e] of Object.entries(c.stateAfter)) assertClose(sd[k].data, e.data, { ...weights, msg: `${c.name}: ${k} after training` });
  for (const t of [model, x, y, loss, opt]) t.dispose();
}
