import { rt } from "../../runtime/wasm.js";
import { Tensor } from "../../tensor.js";
import type { Generator } from "../../random/generator.js";
import type { Step, Transform } from "./transform.js";
import type { ImageLayout, ImageShape } from "./image_shape.js";

/** One step of the pipeline with its buffers for a fixed number of images. */
interface Stage {
  step: Step<unknown>;
  inShape: ImageShape;
  outShape: ImageShape;
  /** int32 parameters, `paramWords` per image (absent for a step without parameters). */
  params: Tensor | undefined;
  /** The step's scratch memory (absent when it needs none). */
  scratch: Tensor | undefined;
  /** The step's output when it cannot work in place. */
  out: Tensor | undefined;
}

/**
 * @internal A transform applied to batches of a fixed number of images, with
 * every buffer allocated once: the loader keeps one per batch size, so an
 * augmented epoch allocates nothing after the first.
 *
 * Draw order (fixed, and what makes a seed reproduce the same images): image
 * after image through the batch, and for each image the steps in order, each
 * drawing that image's parameters; then each step runs on the whole batch.
 */
export class BatchTransformer {
  readonly rows: number;
  private readonly stages: Stage[] = [];
  /** The batch after the last step that writes a buffer of its own, shaped as the layout says. */
  private readonly result: Tensor | undefined;

  constructor(transform: Transform, layout: ImageLayout, rows: number) {
    this.rows = rows;
    let shape = layout.shape;
    let last: Tensor | undefined;
    try {
      for (const step of transform.steps()) {
        const outShape = step.outputShape(shape);
        const words = step.scratchWords(shape, rows);
        const stage: Stage = {
          step,
          inShape: shape,
          outShape,
          params: step.paramWords > 0 && rows > 0 ? Tensor.empty([rows * step.paramWords], "int32") : undefined,
          scratch: words > 0 ? Tensor.empty([words], "int32") : undefined,
          out: step.inPlace ? undefined : Tensor.empty([rows, ...outShape]),
        };
        this.stages.push(stage);
        if (stage.scratch) step.prepare(shape, stage.scratch.ptr);
        if (stage.out) last = stage.out;
        shape = outShape;
      }
    } catch (e) {
      this.dispose();
      throw e;
    }
    this.result = last?.reshape(layout.batchShape(rows, shape));
  }

  /** Transform `x` (`rows` images, overwritten) with parameters drawn from `generator`; returns `x` or a buffer of the transformer's. */
  run(x: Tensor, generator: Generator): Tensor {
    // Drawing allocates no linear memory, so the view stays valid.
    const words = rt().i32;
    for (let s = 0; s < this.rows; s++) {
      for (const stage of this.stages) {
        const n = stage.step.paramWords;
        if (n > 0) stage.step.draw(generator, stage.inShape, words, (stage.params!.ptr >>> 2) + s * n);
      }
    }
    return this.execute(x);
  }

  /** Transform `x` with explicit parameters: `paramsOf(s)` lists image s's parameters, one entry per step. */
  runWith(x: Tensor, paramsOf: (sample: number) => readonly unknown[]): Tensor {
    for (let s = 0; s < this.rows; s++) {
      const params = paramsOf(s);
      if (!Array.isArray(params) || params.length !== this.stages.length) {
        throw new Error(`wasmtune: image ${s} needs ${this.stages.length} parameter entries (one per transform), got ${JSON.stringify(params)}`);
      }
      this.stages.forEach((stage, i) => {
        const n = stage.step.paramWords;
        const words = rt().i32;
        if (n > 0) stage.step.encode(params[i], stage.inShape, words, (stage.params!.ptr >>> 2) + s * n, s);
      });
    }
    return this.execute(x);
  }

  /** Free every buffer. */
  dispose(): void {
    for (const stage of this.stages) {
      stage.params?.dispose();
      stage.scratch?.dispose();
      stage.out?.dispose();
    }
  }

  private execute(x: Tensor): Tensor {
    let at = x.ptr;
    for (const stage of this.stages) {
      const dst = stage.out?.ptr ?? at;
      stage.step.run(at, dst, this.rows, stage.inShape, stage.outShape, stage.params?.ptr ?? 0, stage.scratch?.ptr ?? 0);
      at = dst;
    }
    return this.result ?? x;
  }
}
