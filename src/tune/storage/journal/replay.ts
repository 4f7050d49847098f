// The state a journal describes, rebuilt by applying its operations in order
// with the rules of Optuna 3.1's JournalStorageReplayResult: an operation
// Optuna rejects (a study name taken, a missing study or trial, a write to a
// finished trial, a parameter whose distribution conflicts with an earlier
// trial's) is raised to the worker that issued it and skipped silently when
// another worker's line is replayed, so every reader ends with the same
// state. Trials are replaced, never mutated, when they change: a FrozenTrial
// handed out stays a snapshot.

import { checkDistributionCompatibility } from "../../distributions.js";
import { DuplicatedStudyError, UpdateFinishedTrialError } from "../../errors.js";
import type { FrozenTrial } from "../../frozen_trial.js";
import { type TrialState, isFinished } from "../../state.js";
import type { FrozenStudy } from "../storage.js";
import type { JournalOp } from "./ops.js";

/** Optuna's message for a study or trial id that does not exist. */
export const NOT_FOUND = "Record does not exist.";

interface StudyRecord {
  studyId: number;
  studyName: string;
  directions: readonly FrozenStudy["directions"][number][];
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
}

/** Studies and trials as replayed from a journal by one worker. */
export class JournalReplay {
  /** Studies by id (deleted ones removed). */
  readonly studies = new Map<number, StudyRecord>();
  /** Trials by id: ids count every trial ever created, across studies. */
  readonly trials: FrozenTrial[] = [];
  /** Trial ids of each study, by trial number (kept after the study is deleted, as Optuna does). */
  readonly studyTrials = new Map<number, number[]>();
  private readonly trialStudy: number[] = [];
  private nextStudyId = 0;
  /** The RUNNING trial this worker created or claimed last (Optuna's `owned_trial_id`). */
  ownedTrialId: number | null = null;

  constructor(readonly workerId: string) {}

  /**
   * Apply one operation. `own` says this worker issued it: its rejection is
   * thrown (nothing changed); another worker's rejected operation is skipped.
   * Returns the new study's or trial's id for create operations.
   */
  apply(o: JournalOp, own: boolean): number | null {
    switch (o.op) {
      case "createStudy": {
        for (const s of this.studies.values()) {
          if (s.studyName !== o.studyName) continue;
          if (own) {
            throw new DuplicatedStudyError(
              `Another study with name '${o.studyName}' already exists. Please specify a different name, or reuse the existing one by setting \`loadIfExists\`.`,
            );
          }
          return null;
        }
        const studyId = this.nextStudyId++;
        this.studies.set(studyId, { studyId, studyName: o.studyName, directions: [...o.directions], userAttrs: {}, systemAttrs: {} });
        this.studyTrials.set(studyId, []);
        return studyId;
      }
      case "deleteStudy":
        if (this.studyExists(o.studyId, own)) this.studies.delete(o.studyId);
        return null;
      case "setStudyUserAttr":
        if (this.studyExists(o.studyId, own)) this.studies.get(o.studyId)!.userAttrs[o.key] = o.value;
        return null;
      case "setStudySystemAttr":
        if (this.studyExists(o.studyId, own)) this.studies.get(o.studyId)!.systemAttrs[o.key] = o.value;
        return null;
      case "createTrial":
        return this.createTrial(o, own);
      case "setTrialParam": {
        if (!this.updatable(o.trialId, own)) return null;
        const trial = this.trials[o.trialId];
        for (const id of this.studyTrials.get(this.trialStudy[o.trialId])!) {
          const earlier = this.trials[id].distributions[o.paramName];
          if (earlier === undefined) continue;
          try {
            checkDistributionCompatibility(earlier, o.distribution);
          } catch (e) {
            if (own) throw e;
            return null;
          }
          break;
        }
        this.replace(trial, {
          params: { ...trial.params, [o.paramName]: o.distribution.toExternalRepr(o.internal) },
          distributions: { ...trial.distributions, [o.paramName]: o.distribution },
        });
        return null;
      }
      case "setTrialStateValues":
        this.setState(o.trialId, o.state, o.values, o.datetime, own);
        return null;
      case "setTrialIntermediateValue":
        if (this.updatable(o.trialId, own)) {
          const trial = this.trials[o.trialId];
          this.replace(trial, { intermediateValues: new Map(trial.intermediateValues).set(o.step, o.value) });
        }
        return null;
      case "setTrialUserAttr":
        if (this.updatable(o.trialId, own)) {
          const trial = this.trials[o.trialId];
          this.replace(trial, { userAttrs: { ...trial.userAttrs, [o.key]: o.value } });
        }
        return null;
      case "setTrialSystemAttr":
        if (this.updatable(o.trialId, own)) {
          const trial = this.trials[o.trialId];
          this.replace(trial, { systemAttrs: { ...trial.systemAttrs, [o.key]: o.value } });
        }
        return null;
    }
  }

  /** Whether `setTrialStateValues(trialId, "RUNNING", …)` by this worker would change the trial (it is not already RUNNING). */
  wouldStart(trialId: number): boolean {
    return this.trials[trialId]?.state !== "RUNNING";
  }

  /** A study for the getters; throws Optuna's "Record does not exist." when absent. */
  study(studyId: number): StudyRecord {
    const s = this.studies.get(studyId);
    if (s === undefined) throw new Error(NOT_FOUND);
    return s;
  }

  /** A trial for the getters; throws Optuna's "Record does not exist." when absent. */
  trial(trialId: number): FrozenTrial {
    const t = this.trials[trialId];
    if (t === undefined) throw new Error(NOT_FOUND);
    return t;
  }

  private createTrial(o: Extract<JournalOp, { op: "createTrial" }>, own: boolean): number | null {
    if (!this.studyExists(o.studyId, own)) return null;
    const ids = this.studyTrials.get(o.studyId)!;
    const trialId = this.trials.length;
    const c = o.contents;
    this.trials.push({
      number: ids.length,
      trialId,
      state: c?.state ?? "RUNNING",
      values: c?.values ?? null,
      datetimeStart: o.datetimeStart,
      datetimeComplete: c?.datetimeComplete ?? null,
      params: { ...c?.params },
      distributions: { ...c?.distributions },
      userAttrs: { ...c?.userAttrs },
      systemAttrs: { ...c?.systemAttrs },
      intermediateValues: new Map(c?.intermediateValues),
    });
    ids.push(trialId);
    this.trialStudy[trialId] = o.studyId;
    if (own && this.trials[trialId].state === "RUNNING") this.ownedTrialId = trialId;
    return trialId;
  }

  private setState(trialId: number, state: TrialState, values: readonly number[] | null, when: Date | null, own: boolean): void {
    if (!this.updatable(trialId, own)) return;
    const trial = this.trials[trialId];
    if (state === "RUNNING" && trial.state === "RUNNING") return; // someone else claimed it first
    const change: Partial<Record<keyof FrozenTrial, unknown>> = { state };
    if (state === "RUNNING") {
      change.datetimeStart = when;
      if (own) this.ownedTrialId = trialId;
    }
    if (isFinished(state)) change.datetimeComplete = when;
    if (values !== null) change.values = [...values];
    this.replace(trial, change);
  }

  private replace(trial: FrozenTrial, change: Partial<Record<keyof FrozenTrial, unknown>>): void {
    this.trials[trial.trialId] = { ...trial, ...change } as FrozenTrial;
  }

  private studyExists(studyId: number, own: boolean): boolean {
    if (this.studies.has(studyId)) return true;
    if (own) throw new Error(NOT_FOUND);
    return false;
  }

  /** Optuna's `_trial_exists_and_updatable`. */
  private updatable(trialId: number, own: boolean): boolean {
    const trial = this.trials[trialId];
    if (trial === undefined) {
      if (own) throw new Error(NOT_FOUND);
      return false;
    }
    if (isFinished(trial.state)) {
      if (own) throw new UpdateFinishedTrialError(`Trial#${trial.number} has already finished and can not be updated.`);
      return false;
    }
    return true;
  }
}
