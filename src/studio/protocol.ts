// Messages between the studio page and its training worker.
import type { HistoryJSON } from "../train/history.js";
import type { Evaluation } from "../report/evaluation.js";
import type { StudyLike } from "../report/study.js";
import type { Finding } from "../doctor/finding.js";

/** What the page asks of the worker. */
export type StudioRequest =
  | { type: "inspect"; csv: string; name: string }
  | { type: "train"; csv: string; name: string; target: string; epochs: number; seed: number }
  | { type: "tune"; csv: string; name: string; target: string; epochs: number; seed: number; trials: number };

/** The kind of problem the target column poses. */
export type StudioTask = "binary" | "multiclass" | "regression";

/** What the worker reports. */
export type StudioEvent =
  | { type: "columns"; columns: string[] }
  | { type: "start"; task: StudioTask; classes: string[] | null; features: number; rows: { train: number; val: number; test: number } }
  /** A tuning trial finished: the study so far. */
  | { type: "trial"; study: StudyLike }
  | { type: "epoch"; epoch: number; logs: Record<string, number> }
  /** The doctor found something during training (a warning as it happens). */
  | { type: "finding"; finding: Finding }
  | {
      type: "done";
      history: HistoryJSON;
      bestEpoch: number;
      stopEpoch: number | null;
      evaluation: Evaluation;
      /** The doctor's diagnosis of the final training run. */
      findings: Finding[];
      /** The trained model as a safetensors file. */
      model: Uint8Array;
      parameters: [string, number[]][];
      /** After tuning: the study and its parameter importances. */
      study?: StudyLike;
      importances?: Record<string, number>;
    }
  | { type: "error"; message: string };
