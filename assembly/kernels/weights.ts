// Optional weight vectors of the losses: a weight pointer of 0 means every
// weight is 1, so unweighted losses need no buffer of ones.
import { ONE, vconst } from "./consts";
import { loadTail } from "./lanes";

@inline export function weightAt(weight: usize, i: i32): f32 {
  return weight != 0 ? load<f32>(weight + (<usize>i << 2)) : 1;
}

/** Four weights starting at byte offset o. */
@inline export function weightVec(weight: usize, o: usize): v128 {
  return weight != 0 ? v128.load(weight + o) : vconst(ONE);
}

/** The last `count` (1-3) weights from byte offset o, as loadTail reads them. */
@inline export function weightTail(weight: usize, o: usize, count: i32): v128 {
  return weight != 0 ? loadTail(weight + o, count) : vconst(ONE);
}
