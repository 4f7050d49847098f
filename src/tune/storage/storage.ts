import type { Distribution } from "../distributions.js";
import type { FrozenTrial } from "../frozen_trial.js";
import type { StudyDirection, TrialState } from "../state.js";
import type { Study } from "../study.js";

/** Called with each trial failed as stale (Optuna's `failed_trial_callback`), e.g. `RetryFailedTrialCallback`. */
export type FailedTrialCallback = (study: Study, trial: FrozenTrial) => void;

/** A study as a storage lists it (Optuna's `FrozenStudy`). */
export interface FrozenStudy {
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly userAttrs: Readonly<Record<string, unknown>>;
  readonly systemAttrs: Readonly<Record<string, unknown>>;
}

/** A trial to create from, for `createNewTrial` (enqueued and `study.addTrial` trials). */
export interface TrialTemplate {
  readonly state: TrialState;
  readonly values?: readonly number[] | null;
  readonly datetimeStart?: Date | null;
  readonly datetimeComplete?: Date | null;
  readonly params?: Readonly<Record<string, import("../distributions.js").ParamValue>>;
  readonly distributions?: Readonly<Record<string, Distribution>>;
  readonly userAttrs?: Readonly<Record<string, unknown>>;
  readonly systemAttrs?: Readonly<Record<string, unknown>>;
  readonly intermediateValues?: ReadonlyMap<number, number>;
}

/**
 * Where studies and trials live: Optuna's `BaseStorage` in camelCase, with
 * its semantics (trial numbers assigned in creation order within a study;
 * writes to a finished trial refused with `UpdateFinishedTrialError`;
 * `setTrialStateValues(id, "RUNNING")` returns false when the trial is not
 * WAITING, which is how a worker claims an enqueued trial).
 *
 * The methods are synchronous because a trial's `suggest*` calls are: the
 * objective must get its value back at once. A storage that talks to a
 * server keeps a local copy and synchronises it in `flush()`, which the
 * study awaits at trial boundaries.
 */
export interface Storage {
  createNewStudy(directions: readonly StudyDirection[], studyName?: string): number;
  deleteStudy(studyId: number): void;
  setStudyUserAttr(studyId: number, key: string, value: unknown): void;
  setStudySystemAttr(studyId: number, key: string, value: unknown): void;
  /** Throws a KeyError-like `Error` ("Record does not exist.") when absent. */
  getStudyIdFromName(studyName: string): number;
  getStudyNameFromId(studyId: number): string;
  getStudyDirections(studyId: number): readonly StudyDirection[];
  getStudyUserAttrs(studyId: number): Record<string, unknown>;
  getStudySystemAttrs(studyId: number): Record<string, unknown>;
  getAllStudies(): FrozenStudy[];

  /** Create a trial (RUNNING unless the template says otherwise) and return its id. */
  createNewTrial(studyId: number, template?: TrialTemplate): number;
  /** Record a parameter in its internal representation. */
  setTrialParam(trialId: number, paramName: string, internalValue: number, distribution: Distribution): void;
  getTrialIdFromStudyIdTrialNumber(studyId: number, trialNumber: number): number;
  /** Set a trial's state and values; false when asked to start (RUNNING) a trial that is not WAITING. */
  setTrialStateValues(trialId: number, state: TrialState, values?: readonly number[] | null): boolean;
  setTrialIntermediateValue(trialId: number, step: number, value: number): void;
  setTrialUserAttr(trialId: number, key: string, value: unknown): void;
  setTrialSystemAttr(trialId: number, key: string, value: unknown): void;
  getTrial(trialId: number): FrozenTrial;
  /** The study's trials in number order, optionally only those in `states`. */
  getAllTrials(studyId: number, states?: readonly TrialState[]): FrozenTrial[];

  /**
   * Ids of the study's RUNNING trials whose worker is known to be gone
   * (Optuna's `_get_stale_trial_ids`); `study.failStaleTrials()` fails them.
   * Storages that cannot tell leave it out.
   */
  getStaleTrialIds?(studyId: number): number[];

  /**
   * Seconds between heartbeats of running trials, or null when the storage
   * keeps none (Optuna's `get_heartbeat_interval`). With heartbeats on,
   * `optimize()` fails stale trials before each trial and keeps each trial's
   * heartbeat beating while its objective runs.
   */
  getHeartbeatInterval?(): number | null;
  /** Beat a trial's heartbeat until the returned function is called. */
  startHeartbeat?(trialId: number): () => void;
  /** The callback run on each trial `failStaleTrials` failed (Optuna's `get_failed_trial_callback`). */
  getFailedTrialCallback?(): FailedTrialCallback | null;

  /** Bring the local view up to date with a shared backend and write what is pending (no-op for local storages). */
  flush?(): Promise<void>;
  /** Release files, locks or connections. */
  close?(): Promise<void> | void;
}
