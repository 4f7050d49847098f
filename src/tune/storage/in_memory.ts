import { checkDistributionCompatibility } from "../distributions.js";
import type { Distribution } from "../distributions.js";
import { DuplicatedStudyError, UpdateFinishedTrialError } from "../errors.js";
import type { FrozenTrial } from "../frozen_trial.js";
import { isFinished } from "../state.js";
import type { StudyDirection, TrialState } from "../state.js";
import type { FrozenStudy, Storage, TrialTemplate } from "./storage.js";

interface StudyRecord {
  name: string;
  directions: StudyDirection[];
  trials: FrozenTrial[];
  /** The first distribution each parameter name was given: later trials must stay compatible. */
  paramDistribution: Map<string, Distribution>;
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
}

/** Optuna's prefix for studies created without a name. */
export const DEFAULT_STUDY_NAME_PREFIX = "no-name-";

/** A name no other study has, as Optuna makes one (`no-name-<uuid4>`). */
function generatedName(): string {
  // Uniqueness needs entropy, not reproducibility, so this is not drawn from a Generator.
  return DEFAULT_STUDY_NAME_PREFIX + globalThis.crypto.randomUUID();
}

/**
 * Studies and trials in this process's memory (Optuna's `InMemoryStorage`),
 * the default storage. Trials are copy-on-write: every update stores a new
 * `FrozenTrial` object, so a trial list handed out earlier never changes
 * under its reader, which the pruners rely on as Optuna's do.
 */
export class InMemoryStorage implements Storage {
  private readonly studies = new Map<number, StudyRecord>();
  private readonly nameToId = new Map<string, number>();
  private readonly trialIndex = new Map<number, { studyId: number; number: number }>();
  private maxStudyId = -1;
  private maxTrialId = -1;

  createNewStudy(directions: readonly StudyDirection[], studyName?: string): number {
    const name = studyName ?? generatedName();
    if (this.nameToId.has(name)) throw new DuplicatedStudyError(`Another study with name '${name}' already exists. Please specify a different name, or reuse the existing one by setting \`loadIfExists\`.`);
    const id = ++this.maxStudyId;
    this.studies.set(id, { name, directions: [...directions], trials: [], paramDistribution: new Map(), userAttrs: {}, systemAttrs: {} });
    this.nameToId.set(name, id);
    return id;
  }

  deleteStudy(studyId: number): void {
    const s = this.study(studyId);
    for (const t of s.trials) this.trialIndex.delete(t.trialId);
    this.nameToId.delete(s.name);
    this.studies.delete(studyId);
  }

  setStudyUserAttr(studyId: number, key: string, value: unknown): void {
    this.study(studyId).userAttrs[key] = value;
  }

  setStudySystemAttr(studyId: number, key: string, value: unknown): void {
    this.study(studyId).systemAttrs[key] = value;
  }

  getStudyIdFromName(studyName: string): number {
    const id = this.nameToId.get(studyName);
    if (id === undefined) throw new Error(`No such study ${studyName}.`);
    return id;
  }

  getStudyNameFromId(studyId: number): string {
    return this.study(studyId).name;
  }

  getStudyDirections(studyId: number): readonly StudyDirection[] {
    return this.study(studyId).directions;
  }

  getStudyUserAttrs(studyId: number): Record<string, unknown> {
    return this.study(studyId).userAttrs;
  }

  getStudySystemAttrs(studyId: number): Record<string, unknown> {
    return this.study(studyId).systemAttrs;
  }

  getAllStudies(): FrozenStudy[] {
    return [...this.studies].map(([studyId, s]) => ({
      studyId,
      studyName: s.name,
      directions: [...s.directions],
      userAttrs: structuredClone(s.userAttrs),
      systemAttrs: structuredClone(s.systemAttrs),
    }));
  }

  createNewTrial(studyId: number, template?: TrialTemplate): number {
    const s = this.study(studyId);
    const trialId = ++this.maxTrialId;
    const number = s.trials.length;
    const t = template;
    s.trials.push({
      number,
      trialId,
      state: t?.state ?? "RUNNING",
      values: t?.values ? [...t.values] : null,
      datetimeStart: t === undefined ? new Date() : (t.datetimeStart ?? null),
      datetimeComplete: t?.datetimeComplete ?? null,
      params: { ...t?.params },
      distributions: { ...t?.distributions },
      userAttrs: structuredClone({ ...t?.userAttrs }),
      systemAttrs: structuredClone({ ...t?.systemAttrs }),
      intermediateValues: new Map(t?.intermediateValues ?? []),
    });
    this.trialIndex.set(trialId, { studyId, number });
    return trialId;
  }

  setTrialParam(trialId: number, paramName: string, internalValue: number, distribution: Distribution): void {
    const t = this.updatable(trialId);
    const s = this.study(this.trialIndex.get(trialId)!.studyId);
    const known = s.paramDistribution.get(paramName);
    if (known !== undefined) checkDistributionCompatibility(known, distribution);
    s.paramDistribution.set(paramName, distribution);
    this.replace(trialId, {
      ...t,
      params: { ...t.params, [paramName]: distribution.toExternalRepr(internalValue) },
      distributions: { ...t.distributions, [paramName]: distribution },
    });
  }

  getTrialIdFromStudyIdTrialNumber(studyId: number, trialNumber: number): number {
    const s = this.studies.get(studyId);
    if (s === undefined) throw new Error(`No study with study_id ${studyId} exists.`);
    const t = s.trials[trialNumber];
    if (t === undefined) throw new Error(`No trial with trial number ${trialNumber} exists in study with study_id ${studyId}.`);
    return t.trialId;
  }

  setTrialStateValues(trialId: number, state: TrialState, values?: readonly number[] | null): boolean {
    const t = this.updatable(trialId);
    if (state === "RUNNING" && t.state !== "WAITING") return false;
    this.replace(trialId, {
      ...t,
      state,
      values: values != null ? [...values] : t.values,
      datetimeStart: state === "RUNNING" ? new Date() : t.datetimeStart,
      datetimeComplete: isFinished(state) ? new Date() : t.datetimeComplete,
    });
    return true;
  }

  setTrialIntermediateValue(trialId: number, step: number, value: number): void {
    const t = this.updatable(trialId);
    this.replace(trialId, { ...t, intermediateValues: new Map(t.intermediateValues).set(step, value) });
  }

  setTrialUserAttr(trialId: number, key: string, value: unknown): void {
    const t = this.updatable(trialId);
    this.replace(trialId, { ...t, userAttrs: { ...t.userAttrs, [key]: value } });
  }

  setTrialSystemAttr(trialId: number, key: string, value: unknown): void {
    const t = this.updatable(trialId);
    this.replace(trialId, { ...t, systemAttrs: { ...t.systemAttrs, [key]: value } });
  }

  getTrial(trialId: number): FrozenTrial {
    const at = this.trialIndex.get(trialId);
    if (at === undefined) throw new Error(`No trial with trial_id ${trialId} exists.`);
    return this.studies.get(at.studyId)!.trials[at.number];
  }

  getAllTrials(studyId: number, states?: readonly TrialState[]): FrozenTrial[] {
    const trials = this.study(studyId).trials;
    return states === undefined ? [...trials] : trials.filter((t) => states.includes(t.state));
  }

  private study(studyId: number): StudyRecord {
    const s = this.studies.get(studyId);
    if (s === undefined) throw new Error(`No study with study_id ${studyId} exists.`);
    return s;
  }

  /** The trial, refused with Optuna's error once it has finished. */
  private updatable(trialId: number): FrozenTrial {
    const t = this.getTrial(trialId);
    if (isFinished(t.state)) throw new UpdateFinishedTrialError(`Trial#${t.number} has already finished and can not be updated.`);
    return t;
  }

  private replace(trialId: number, trial: FrozenTrial): void {
    const at = this.trialIndex.get(trialId)!;
    this.studies.get(at.studyId)!.trials[at.number] = trial;
  }
}
