import { checkOptions } from "../options.js";
import { defaultSampler } from "./default_sampler.js";
import { DuplicatedStudyError } from "./errors.js";
import { MedianPruner } from "./pruners/median.js";
import type { Pruner } from "./pruners/pruner.js";
import type { Sampler } from "./samplers/sampler.js";
import type { StudyDirection } from "./state.js";
import { InMemoryStorage } from "./storage/in_memory.js";
import { resolveStorage } from "./storage/resolve.js";
import type { Storage } from "./storage/storage.js";
import { Study } from "./study.js";

/** Options of {@link createStudy}. */
export interface CreateStudyOptions {
  /** Default: a generated unique name (`no-name-<uuid>`). */
  studyName?: string;
  /** "minimize" (default) or "maximize"; not with `directions`. */
  direction?: StudyDirection;
  /** One direction per objective, for multi-objective studies. */
  directions?: readonly StudyDirection[];
  /** Default: the default sampler (see docs/tuning.md). */
  sampler?: Sampler;
  /** Default: `MedianPruner()`. */
  pruner?: Pruner;
  /** A Storage, or `"journal:<path>"` for an Optuna journal file. Default: a new in-memory storage. */
  storage?: Storage | string;
  /** Load the study of that name if it exists instead of failing. Default false. */
  loadIfExists?: boolean;
}

/** Options of {@link loadStudy}. */
export interface LoadStudyOptions {
  /** Required unless the storage holds exactly one study. */
  studyName?: string;
  /** A Storage, or `"journal:<path>"`. */
  storage: Storage | string;
  sampler?: Sampler;
  pruner?: Pruner;
}

/** A study object over a stored study, with the storage brought up to date first. */
async function open(name: string, storage: Storage, sampler: Sampler | undefined, pruner: Pruner | undefined): Promise<Study> {
  await storage.flush?.();
  return new Study(name, storage, sampler ?? defaultSampler(), pruner ?? new MedianPruner());
}

/**
 * Create a study (Optuna's `create_study`): directions, sampler (default as
 * in docs/tuning.md), pruner (`MedianPruner` by default) and storage
 * (in memory by default).
 */
export async function createStudy(options: CreateStudyOptions = {}): Promise<Study> {
  checkOptions("createStudy", options, ["studyName", "direction", "directions", "sampler", "pruner", "storage", "loadIfExists"]);
  let directions: StudyDirection[];
  if (options.direction !== undefined && options.directions !== undefined) throw new RangeError("Specify only one of `direction` and `directions`.");
  else if (options.direction !== undefined) directions = [options.direction];
  else directions = options.directions !== undefined ? [...options.directions] : ["minimize"];
  if (directions.length < 1) throw new RangeError("The number of objectives must be greater than 0.");
  if (directions.some((d) => d !== "minimize" && d !== "maximize")) throw new RangeError("Please set either 'minimize' or 'maximize' to direction.");
  const storage: Storage = options.storage === undefined ? new InMemoryStorage() : resolveStorage(options.storage);
  await storage.flush?.();
  let studyId: number;
  try {
    studyId = storage.createNewStudy(directions, options.studyName);
  } catch (e) {
    if (!(e instanceof DuplicatedStudyError && options.loadIfExists)) throw e;
    studyId = storage.getStudyIdFromName(options.studyName!);
  }
  return open(storage.getStudyNameFromId(studyId), storage, options.sampler, options.pruner);
}

/** Load an existing study from a storage (Optuna's `load_study`). */
export async function loadStudy(options: LoadStudyOptions): Promise<Study> {
  checkOptions("loadStudy", options, ["studyName", "storage", "sampler", "pruner"]);
  const storage = resolveStorage(options?.storage);
  await storage.flush?.();
  let name = options.studyName;
  if (name === undefined) {
    const all = storage.getAllStudies();
    if (all.length !== 1) throw new RangeError("Could not determine the study name since the storage does not contain exactly 1 study. Specify `studyName`.");
    name = all[0].studyName;
  }
  return open(name, storage, options.sampler, options.pruner);
}

/** Delete a study and its trials (Optuna's `delete_study`). */
export async function deleteStudy(options: { studyName: string; storage: Storage | string }): Promise<void> {
  checkOptions("deleteStudy", options, ["studyName", "storage"]);
  const storage = resolveStorage(options.storage);
  await storage.flush?.();
  storage.deleteStudy(storage.getStudyIdFromName(options.studyName));
  await storage.flush?.();
}

/** Names of every study in a storage (Optuna's `get_all_study_names`). */
export async function getAllStudyNames(storage: Storage | string): Promise<string[]> {
  const s = resolveStorage(storage);
  await s.flush?.();
  return s.getAllStudies().map((x) => x.studyName);
}
