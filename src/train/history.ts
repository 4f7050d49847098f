/** What `History.toJSON()` returns and `History.fromJSON()` accepts. */
export interface HistoryJSON {
  epochs: number[];
  metrics: Record<string, number[]>;
  lr: number[];
}

/**
 * The record of a training run, like Keras' `History`: per-epoch values of
 * the loss and metrics for the training data (`loss`, `accuracy`) and the
 * validation data (`val_loss`, `val_accuracy`), and the learning rate of the
 * first parameter group at every optimizer step.
 */
export class History {
  /** Epoch numbers (0-based) that have been recorded. */
  readonly epochs: number[] = [];
  /** Per-epoch values by name, aligned with `epochs`. */
  readonly metrics: Record<string, number[]> = {};
  /** Learning rate used by each optimizer step, in order. */
  readonly lr: number[] = [];

  /** Record one epoch's logs. */
  addEpoch(epoch: number, logs: Readonly<Record<string, number>>): void {
    const row = this.epochs.length;
    this.epochs.push(epoch);
    for (const [k, v] of Object.entries(logs)) {
      // A metric that first appears late is padded with NaN so columns stay aligned.
      const col = (this.metrics[k] ??= new Array<number>(row).fill(NaN));
      col.push(v);
    }
    for (const col of Object.values(this.metrics)) if (col.length === row) col.push(NaN);
  }

  /** Values of one metric per epoch (`history.get("val_loss")`). */
  get(name: string): number[] {
    const col = this.metrics[name];
    if (col === undefined) {
      throw new Error(`wasmtune: the history has no "${name}"; it has ${Object.keys(this.metrics).map((k) => `"${k}"`).join(", ") || "nothing yet"}`);
    }
    return col;
  }

  /** The latest epoch's value of a metric, or undefined. */
  last(name: string): number | undefined {
    const col = this.metrics[name];
    return col === undefined ? undefined : col[col.length - 1];
  }

  /** A plain, JSON-serialisable copy (NaN becomes null in `JSON.stringify`). */
  toJSON(): HistoryJSON {
    const metrics: Record<string, number[]> = {};
    for (const [k, v] of Object.entries(this.metrics)) metrics[k] = v.slice();
    return { epochs: this.epochs.slice(), metrics, lr: this.lr.slice() };
  }

  /** Replace everything recorded with `toJSON()` output (a rollback to a checkpoint). */
  load(json: HistoryJSON): this {
    this.epochs.length = 0;
    this.lr.length = 0;
    for (const k of Object.keys(this.metrics)) delete this.metrics[k];
    this.epochs.push(...json.epochs);
    for (const [k, v] of Object.entries(json.metrics)) this.metrics[k] = v.map((x) => (x === null ? NaN : x));
    this.lr.push(...json.lr);
    return this;
  }

  /**
   * Rebuild a history from `toJSON()` output (after `JSON.parse`, NaN is
   * null). Anything else is refused, saying what is wrong.
   */
  static fromJSON(json: HistoryJSON): History {
    const why = malformed(json);
    if (why !== undefined) throw new Error(`wasmtune: malformed history: ${why}`);
    return new History().load(json);
  }
}

const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === "number" || x === null);

function malformed(json: unknown): string | undefined {
  const j = json as Partial<HistoryJSON> | null;
  if (typeof j !== "object" || j === null || Array.isArray(j)) return "expected an object with epochs, metrics and lr";
  if (!Array.isArray(j.epochs) || !j.epochs.every((e) => Number.isSafeInteger(e) && e >= 0)) return "epochs must be an array of epoch numbers";
  if (!isNumbers(j.lr)) return "lr must be an array of numbers";
  if (typeof j.metrics !== "object" || j.metrics === null || Array.isArray(j.metrics)) return "metrics must be an object";
  for (const [k, v] of Object.entries(j.metrics)) {
    if (!isNumbers(v) || v.length !== j.epochs.length) return `metric "${k.slice(0, 100)}" must be an array of one number per epoch`;
  }
  return undefined;
}
