import { vecAdd, vecCopy } from "./kernels/elementwise.js";
import { rt } from "./runtime/wasm.js";
import { forget } from "./autograd/scope.js";
import { runBackward } from "./autograd/backward.js";
import type { BackwardOptions } from "./autograd/backward.js";
import type { Node } from "./autograd/node.js";
import * as arith from "./autograd/ops/arithmetic.js";
import type { AlphaOptions } from "./autograd/ops/arithmetic.js";
import * as act from "./autograd/ops/activation.js";
import * as unary from "./autograd/ops/unary.js";
import * as reduction from "./autograd/ops/reduction.js";
import type { Dims } from "./autograd/ops/reduction.js";
import { matmul } from "./autograd/ops/matmul.js";
import * as views from "./autograd/ops/view.js";
import * as order from "./autograd/ops/permute.js";
import * as parts from "./autograd/ops/slice.js";
import * as norm from "./autograd/ops/softmax.js";

/** Element type of a tensor. Class-index targets use `int32`; everything else `float32`. */
export type DType = "float32" | "int32";

/** Nested arrays of numbers, as `Tensor.toArray()` returns and `Tensor.from()` accepts. */
export type NestedArray = number | NestedArray[];

/** Format a shape the way error messages print it: `[2, 3]`. */
export function shapeStr(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`wasmtune: invalid shape ${shapeStr(shape)}`);
    n *= d;
  }
  return n;
}

/**
 * @internal Where a leaf's gradient goes instead of its own `.grad`: a
 * `Parameter` keeps the gradient optimizers read, cleared lazily by
 * `zeroGrad()`.
 */
export interface GradSink {
  /** 1: add into `grad`; 0: overwrite it (it was zeroed since the last write). */
  claimGrad(): number;
  readonly grad: Tensor;
  zeroGrad(): void;
}

/**
 * A dense, row-major tensor whose elements live in WebAssembly linear memory.
 *
 * `ptr` is the byte offset of the first element. Tensors created with
 * `Tensor.from/zeros/empty/full` own their memory and release it with
 * `dispose()`; views from `reshape()` share it. Tensors returned by a module's
 * `forward`/`backward` belong to that module and are overwritten by its next
 * call: copy them (`clone()`, `toArray()`) to keep them.
 *
 * Autograd: a tensor with `requiresGrad` (a leaf) or made by an operation on
 * one (it then has a `gradFn`) takes part in `backward()`, which adds into the
 * leaves' `.grad`. Operation results belong to the enclosing `tidy` scope.
 */
export class Tensor {
  /** Byte offset of element 0 in linear memory. */
  readonly ptr: number;
  /** Dimensions, outermost first. */
  readonly shape: number[];
  /** Number of elements. */
  readonly size: number;
  readonly dtype: DType;
  private readonly owner: boolean;
  private released = false;
  /** The operation that made this tensor, or null for a leaf (PyTorch's `grad_fn`). */
  gradFn: Node | null = null;
  /** @internal For a view: the tensor owning the memory, kept reachable while the view is. */
  readonly base: Tensor | null;
  /** @internal Set by `Parameter`: where this leaf's gradient accumulates. */
  gradSink: GradSink | null = null;
  private leafRequiresGrad = false;
  private leafGrad: Tensor | null = null;

  /** @internal Use the static constructors. */
  constructor(ptr: number, shape: readonly number[], dtype: DType, owner: boolean, base: Tensor | null = null) {
    this.ptr = ptr;
    this.shape = shape.slice();
    this.size = sizeOf(shape);
    this.dtype = dtype;
    this.owner = owner;
    this.base = base;
  }

  /** A tensor with unspecified contents (fastest; fill it before reading). */
  static empty(shape: readonly number[], dtype: DType = "float32"): Tensor {
    const n = sizeOf(shape);
    return new Tensor(rt().allocator.alloc(n * 4), shape, dtype, true);
  }

  /** A tensor of zeros. */
  static zeros(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return Tensor.empty(shape, dtype).zero();
  }

  /** A tensor filled with `value`. */
  static full(shape: readonly number[], value: number, dtype: DType = "float32"): Tensor {
    const t = Tensor.empty(shape, dtype);
    t.data.fill(value);
    return t;
  }

  /**
   * Copy numbers into a new tensor. `data` is a typed array or flat array
   * (then `shape` defaults to `[length]`), or nested arrays whose shape is
   * inferred (ragged nesting is refused).
   */
  static from(data: ArrayLike<number> | NestedArray[], shape?: readonly number[], dtype: DType = "float32"): Tensor {
    let flat: ArrayLike<number>;
    let inferred: number[];
    if (Array.isArray(data) && data.length > 0 && Array.isArray(data[0])) {
      inferred = [];
      let probe: NestedArray = data;
      while (Array.isArray(probe)) {
        inferred.push(probe.length);
        probe = probe[0];
      }
      const out: number[] = [];
      flatten(data, inferred, 0, out);
      flat = out;
    } else {
      flat = data as ArrayLike<number>;
      inferred = [flat.length];
    }
    const s = shape ?? inferred;
    if (sizeOf(s) !== flat.length) {
      throw new Error(`wasmtune: cannot make a tensor of shape ${shapeStr(s)} from ${flat.length} values`);
    }
    const t = Tensor.empty(s, dtype);
    t.data.set(flat);
    return t;
  }

  /** Live view of the elements. Valid until the next allocation (memory may grow); do not keep it. */
  get data(): Float32Array | Int32Array {
    this.check();
    const r = rt();
    const view = this.dtype === "int32" ? r.i32 : r.f32;
    const at = this.ptr >>> 2;
    return view.subarray(at, at + this.size);
  }

  /**
   * Whether `backward()` computes a gradient for this tensor: set on a leaf
   * (`x.requiresGrad = true`), true for every result of an operation on one
   * while grad mode is on.
   */
  get requiresGrad(): boolean {
    return this.leafRequiresGrad || this.gradFn !== null;
  }

  set requiresGrad(value: boolean) {
    if (this.gradFn !== null) {
      throw new Error("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use detach().");
    }
    if (value && this.dtype !== "float32") throw new Error("only Tensors of floating point dtype can require gradients");
    this.leafRequiresGrad = value;
  }

  /** Set `requiresGrad` and return this tensor (PyTorch's `requires_grad_()`). */
  requiresGrad_(value = true): this {
    this.requiresGrad = value;
    return this;
  }

  /** True for tensors not made by a recorded operation (PyTorch's `is_leaf`). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /**
   * The gradient `backward()` accumulated into this leaf, or null before any
   * (a parameter's tensor reports its parameter's gradient). Set it to null to
   * start again, as PyTorch's `x.grad = None`.
   */
  get grad(): Tensor | null {
    return this.gradSink !== null ? this.gradSink.grad : this.leafGrad;
  }

  set grad(value: null) {
    if (value !== null) throw new TypeError("wasmtune: .grad can only be set to null");
    if (this.gradSink !== null) this.gradSink.zeroGrad();
    this.leafGrad?.dispose();
    this.leafGrad = null;
  }

  /** @internal Add `g` (same shape) into this leaf's gradient. */
  accumulateGrad(g: Tensor): void {
    const k = rt().k;
    const sink = this.gradSink;
    if (sink !== null) {
      const add = sink.claimGrad();
      const dst = sink.grad;
      if (add) vecAdd(k, { a: dst.ptr, b: g.ptr, out: dst.ptr, n: g.size });
      else vecCopy(k, { src: g.ptr, dst: dst.ptr, n: g.size });
      return;
    }
    if (this.leafGrad === null) {
      const fresh = Tensor.empty(this.shape);
      vecCopy(k, { src: g.ptr, dst: fresh.ptr, n: g.size });
      this.leafGrad = fresh;
    } else vecAdd(k, { a: this.leafGrad.ptr, b: g.ptr, out: this.leafGrad.ptr, n: g.size });
  }

  /**
   * Compute the gradient of this tensor with respect to every leaf of its
   * graph that requires grad, adding it into their `.grad` (PyTorch's
   * `backward()`). `gradient` weights the result and is required unless the
   * tensor has one element. The graph's saved values are freed afterwards
   * unless `retainGraph`.
   */
  backward(gradient?: Tensor, options?: BackwardOptions): void {
    runBackward(this, gradient, options);
  }

  /** A view of the same memory that is not part of any graph (PyTorch's `detach()`). */
  detach(): Tensor {
    this.check();
    return new Tensor(this.ptr, this.shape, this.dtype, false, this.base ?? this);
  }

  /** `this + alpha · other`, broadcasting; `other` may be a number (PyTorch's `add`). */
  add(other: Tensor | number, options?: AlphaOptions): Tensor {
    return arith.add(this, other, options);
  }

  /** `this - alpha · other`, broadcasting (PyTorch's `sub`). */
  sub(other: Tensor | number, options?: AlphaOptions): Tensor {
    return arith.sub(this, other, options);
  }

  /** `other - alpha · this`, broadcasting (PyTorch's `rsub`). */
  rsub(other: Tensor | number, options?: AlphaOptions): Tensor {
    return arith.rsub(this, other, options);
  }

  /** `this * other`, elementwise with broadcasting (PyTorch's `mul`). */
  mul(other: Tensor | number): Tensor {
    return arith.mul(this, other);
  }

  /** `this / other`, elementwise with broadcasting (PyTorch's `div`). */
  div(other: Tensor | number): Tensor {
    return arith.div(this, other);
  }

  /** `-this` (PyTorch's `neg`). */
  neg(): Tensor {
    return arith.neg(this);
  }

  /** This tensor raised to a number, elementwise (PyTorch's `pow`). */
  pow(exponent: number): Tensor {
    return unary.pow(this, exponent);
  }

  /** e^x, elementwise (PyTorch's `exp`). */
  exp(): Tensor {
    return unary.exp(this);
  }

  /** Natural logarithm, elementwise (PyTorch's `log`). */
  log(): Tensor {
    return unary.log(this);
  }

  /** Square root, elementwise (PyTorch's `sqrt`). */
  sqrt(): Tensor {
    return unary.sqrt(this);
  }

  /** Absolute value, elementwise (PyTorch's `abs`). */
  abs(): Tensor {
    return unary.abs(this);
  }

  /** Elements limited to `[min, max]`; either bound may be null (PyTorch's `clamp`). */
  clamp(min?: number | null, max?: number | null): Tensor {
    return unary.clamp(this, min, max);
  }

  /** Sum of all elements, or over `dim` (one or a list, negative from the end), keeping them as size 1 if `keepdim` (PyTorch's `sum`). */
  sum(dim?: Dims | null, keepdim = false): Tensor {
    return reduction.sum(this, dim, keepdim);
  }

  /** Mean of all elements, or over `dim` as {@link Tensor.sum} (PyTorch's `mean`). */
  mean(dim?: Dims | null, keepdim = false): Tensor {
    return reduction.mean(this, dim, keepdim);
  }

  /** Matrix product with PyTorch's `matmul` rules (vectors, matrices, broadcast batches). */
  matmul(other: Tensor): Tensor {
    return matmul(this, other);
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Whether `dispose()` has been called. */
  get isDisposed(): boolean {
    return this.released;
  }

  /** Set every element to zero, in place (cheaper than `data.fill(0)`, which builds a view). */
  zero(): this {
    this.check();
    rt().u8.fill(0, this.ptr, this.ptr + this.size * 4);
    return this;
  }

  /** Overwrite the elements from a flat array of the same length. */
  set(values: ArrayLike<number>): this {
    if (values.length !== this.size) {
      throw new Error(`wasmtune: cannot set ${values.length} values into a tensor of shape ${shapeStr(this.shape)}`);
    }
    this.data.set(values);
    return this;
  }

  /** A copy of the elements as a flat typed array. */
  toFloat32Array(): Float32Array {
    return Float32Array.from(this.data);
  }

  /** The elements as nested arrays, like PyTorch's `tolist()`. */
  toArray(): NestedArray {
    const d = this.data;
    if (this.shape.length === 0) return d[0];
    return nest(d, this.shape, 0, 0);
  }

  /** The single element of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`wasmtune: item() needs a one-element tensor, got shape ${shapeStr(this.shape)}`);
    return this.data[0];
  }

  /** An owned copy. */
  clone(): Tensor {
    const t = Tensor.empty(this.shape, this.dtype);
    rt().u8.copyWithin(t.ptr, this.ptr, this.ptr + this.size * 4);
    return t;
  }

  /**
   * A view with another shape over the same memory; one dimension may be -1
   * (PyTorch's `reshape`). Recorded in the graph when this tensor requires
   * grad.
   */
  reshape(shape: readonly number[]): Tensor {
    return views.reshape(this, shape);
  }

  /** Release the memory (owned tensors only; views are left alone). Idempotent. */
  dispose(): void {
    if (this.released) return;
    this.released = true;
    this.leafGrad?.dispose();
    if (this.owner) {
      forget(this);
      rt().allocator.free(this.ptr);
    }
  }

  /** `max(x, 0)` elementwise; the gradient is 0 where the output is 0 (PyTorch's `relu()`). */
  relu(): Tensor {
    return act.relu(this);
  }

  /** `x > 0 ? x : negativeSlope * x` elementwise (PyTorch's `F.leaky_relu`, default slope 0.01). */
  leakyRelu(negativeSlope?: number): Tensor {
    return act.leakyRelu(this, negativeSlope);
  }

  /** `x > 0 ? x : alpha * (e^x - 1)` elementwise (PyTorch's `F.elu`, default alpha 1). */
  elu(alpha?: number): Tensor {
    return act.elu(this, alpha);
  }

  /** `x * Φ(x)` elementwise, exact (`"none"`, default) or with the tanh approximation (PyTorch's `F.gelu`). */
  gelu(approximate?: "none" | "tanh"): Tensor {
    return act.gelu(this, approximate);
  }

  /** `1 / (1 + e^-x)` elementwise (PyTorch's `sigmoid()`). */
  sigmoid(): Tensor {
    return act.sigmoid(this);
  }

  /** Hyperbolic tangent elementwise (PyTorch's `tanh()`). */
  tanh(): Tensor {
    return act.tanh(this);
  }

  /** `log(1 + e^(beta x)) / beta`, `x` where `beta * x > threshold` (PyTorch's `F.softplus`, defaults 1 and 20). */
  softplus(beta?: number, threshold?: number): Tensor {
    return act.softplus(this, beta, threshold);
  }

  /** The same as `reshape` (PyTorch's `view`; every tensor here is contiguous, so it always succeeds when the sizes agree). */
  view(shape: readonly number[]): Tensor {
    return views.view(this, shape);
  }

  /** A view with dimensions `startDim..endDim` (inclusive; defaults 0 and -1) merged into one (PyTorch's `flatten`). */
  flatten(startDim?: number, endDim?: number): Tensor {
    return views.flatten(this, startDim, endDim);
  }

  /** A view with a size-1 dimension inserted at `dim` (PyTorch's `unsqueeze`). */
  unsqueeze(dim: number): Tensor {
    return views.unsqueeze(this, dim);
  }

  /** A view without the size-1 dimensions, or without `dim` if its size is 1 (PyTorch's `squeeze`). */
  squeeze(dim?: number): Tensor {
    return views.squeeze(this, dim);
  }

  /** A copy with dimension `i` taken from dimension `dims[i]` (PyTorch's `permute`). */
  permute(dims: readonly number[]): Tensor {
    return order.permute(this, dims);
  }

  /** A copy with dimensions `dim0` and `dim1` swapped (PyTorch's `transpose`). */
  transpose(dim0: number, dim1: number): Tensor {
    return order.transpose(this, dim0, dim1);
  }

  /** A 2-D tensor transposed; 0-d and 1-D ones copied as they are (PyTorch's `t()`). */
  t(): Tensor {
    return order.t(this);
  }

  /** A copy of `length` elements of `dim` from `start` (negative counts from the end; PyTorch's `narrow`). */
  narrow(dim: number, start: number, length: number): Tensor {
    return parts.narrow(this, dim, start, length);
  }

  /** A copy of the slice at `index` of `dim`, without that dimension (PyTorch's `select`, `x[:, index]`). */
  select(dim: number, index: number): Tensor {
    return parts.select(this, dim, index);
  }

  /** A copy of `x[..., start:end:step]` along `dim`, with Python's slice rules (negative bounds, clamping; PyTorch's indexing). */
  slice(dim: number, start?: number, end?: number, step?: number): Tensor {
    return parts.slice(this, dim, start, end, step);
  }

  /** `e^x / sum(e^x)` along `dim`, computed stably (PyTorch's `softmax`). */
  softmax(dim: number): Tensor {
    return norm.softmax(this, dim);
  }

  /** `x - log(sum(e^x))` along `dim`, computed stably (PyTorch's `log_softmax`). */
  logSoftmax(dim: number): Tensor {
    return norm.logSoftmax(this, dim);
  }

  toString(): string {
    return `Tensor(shape=${shapeStr(this.shape)}, dtype=${this.dtype})`;
  }

  private check(): void {
    if (this.released) throw new Error(`wasmtune: use of a disposed tensor of shape ${shapeStr(this.shape)}`);
  }
}

/**
 * @internal A reusable buffer: returns `prev` when it already has `shape`'s
 * size and dtype (re-shaped in place), otherwise frees it and allocates. Lets
 * modules keep their outputs across steps so steady-state training allocates
 * nothing.
 */
export function workspace(prev: Tensor | undefined, shape: readonly number[], dtype: DType = "float32"): Tensor {
  if (prev !== undefined && !prev.isDisposed && prev.dtype === dtype && prev.size === sizeOf(shape)) {
    const s = prev.shape;
    if (s.length !== shape.length) s.length = shape.length;
    for (let i = 0; i < shape.length; i++) s[i] = shape[i];
    return prev;
  }
  prev?.dispose();
  return Tensor.empty(shape, dtype);
}

function flatten(a: NestedArray[], shape: number[], depth: number, out: number[]): void {
  if (a.length !== shape[depth]) throw new Error("wasmtune: ragged nested array; every row must have the same length");
  for (const v of a) {
    if (depth + 1 < shape.length) {
      if (!Array.isArray(v)) throw new Error("wasmtune: ragged nested array; every row must have the same length");
      flatten(v, shape, depth + 1, out);
    } else {
      if (Array.isArray(v)) throw new Error("wasmtune: ragged nested array; every row must have the same length");
      out.push(v);
    }
  }
}

function nest(d: ArrayLike<number>, shape: number[], depth: number, offset: number): NestedArray[] {
  const n = shape[depth];
  const out: NestedArray[] = new Array(n);
  if (depth === shape.length - 1) {
    for (let i = 0; i < n; i++) out[i] = d[offset + i];
    return out;
  }
  let stride = 1;
  for (let j = depth + 1; j < shape.length; j++) stride *= shape[j];
  for (let i = 0; i < n; i++) out[i] = nest(d, shape, depth + 1, offset + i * stride);
  return out;
}
