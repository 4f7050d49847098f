// A Storage kept in an Optuna 3.1 journal file (Optuna's JournalStorage over
// its JournalFileStorage, in one class). Every operation first reads the
// lines other processes appended since the last one; a write then happens
// under the journal's lock file: read up to the end, check the operation
// against the state there (so an operation Optuna would reject is raised to
// this caller and never written), append and fsync. Optuna itself appends
// first and rejects on replay; the journal ends up meaning the same, without
// the rejected lines.

import { type Distribution } from "../../distributions.js";
import type { FrozenTrial } from "../../frozen_trial.js";
import { checkOptions } from "../../../options.js";
import { type StudyDirection, TRIAL_STATES, type TrialState } from "../../state.js";
import type { FrozenStudy, Storage, TrialTemplate } from "../storage.js";
import { JournalFile, type JournalLine } from "./file.js";
import { type Host, host, uuid4 } from "./host.js";
import { JournalFileLock, type JournalLockKind } from "./lock.js";
import { JournalFormatError, type JournalOp, decodeOp, encodeOp } from "./ops.js";
import { OWNER_ATTR, ownerGone, ownerRecord } from "./owner.js";
import { pythonJsonLoads } from "../../python_json.js";
import { JournalReplay, NOT_FOUND } from "./replay.js";

/** Options of {@link JournalFileStorage}. */
export interface JournalFileStorageOptions {
  /**
   * How the lock file `<path>.lock` is made: `"symlink"` (default; Optuna's
   * `JournalFileSymlinkLock`, also Optuna's default) or `"open"` (a file
   * created with O_EXCL, Optuna's `JournalFileOpenLock`). Processes sharing
   * a journal must use the same kind.
   */
  lock?: JournalLockKind;
  /**
   * Seconds a lock file may stay unchanged before a waiting process takes
   * it as left by a killed process and removes it (default 30, as Optuna
   * 4.3+; `null` waits forever, as Optuna 3.1).
   */
  lockGracePeriod?: number | null;
}

const DIRECTIONS: readonly StudyDirection[] = ["minimize", "maximize"];

/**
 * Studies and trials in a journal file that Optuna (3.1 and later) reads
 * and writes too: `optuna.storages.JournalStorage(JournalFileStorage(path))`.
 * Several processes on one machine (or on a file system with working
 * symlinks or O_EXCL, as Optuna requires) may share one journal.
 *
 * Needs a file system: Node 20.16+, Deno or Bun. Writes are fsynced; a line
 * cut short by a killed writer is ignored and repaired by the next writer;
 * any other malformed line is refused with its line number.
 *
 * @example
 * const storage = new tune.JournalFileStorage("./study.log");
 * const study = await tune.createStudy({ studyName: "mlp", storage, loadIfExists: true });
 */
export class JournalFileStorage implements Storage {
  /** The journal file's path. */
  readonly path: string;
  private readonly host: Host;
  private readonly file: JournalFile;
  private readonly lock: JournalFileLock;
  /** This storage's id in the journal's `worker_id` field (Optuna: a UUID and the thread id). */
  private readonly workerId: string;
  private replay: JournalReplay;

  constructor(path: string, options: JournalFileStorageOptions = {}) {
    checkOptions("JournalFileStorage", options, ["lock", "lockGracePeriod"]);
    if (typeof path !== "string" || path === "") throw new TypeError(`JournalFileStorage: the path must be a non-empty string, got ${JSON.stringify(path)}`);
    const { lock = "symlink", lockGracePeriod = 30 } = options;
    if (lock !== "symlink" && lock !== "open") throw new RangeError(`JournalFileStorage: lock must be "symlink" or "open", got ${JSON.stringify(lock)}`);
    if (lockGracePeriod !== null && !(typeof lockGracePeriod === "number" && lockGracePeriod > 0 && Number.isFinite(lockGracePeriod))) {
      throw new RangeError(`JournalFileStorage: lockGracePeriod must be a positive number of seconds or null, got ${String(lockGracePeriod)}`);
    }
    this.path = path;
    this.host = host();
    this.file = new JournalFile(this.host.fs, path);
    this.lock = new JournalFileLock(this.host.fs, path, lock, lockGracePeriod);
    this.workerId = `${uuid4()}-${this.host.pid}`;
    this.replay = new JournalReplay(this.workerId);
    this.sync();
  }

  // ---- studies ----

  createNewStudy(directions: readonly StudyDirection[], studyName?: string): number {
    if (!Array.isArray(directions) || directions.length === 0 || directions.some((d) => !DIRECTIONS.includes(d))) {
      throw new RangeError(`Please set either 'minimize' or 'maximize' to direction, got ${JSON.stringify(directions)}.`);
    }
    const name = studyName ?? `no-name-${uuid4()}`;
    return this.write(() => [{ op: "createStudy", workerId: this.workerId, studyName: name, directions: [...directions] }])[0]!;
  }

  deleteStudy(studyId: number): void {
    this.write(() => [{ op: "deleteStudy", workerId: this.workerId, studyId }]);
  }

  setStudyUserAttr(studyId: number, key: string, value: unknown): void {
    this.write(() => [{ op: "setStudyUserAttr", workerId: this.workerId, studyId, key, value }]);
  }

  setStudySystemAttr(studyId: number, key: string, value: unknown): void {
    this.write(() => [{ op: "setStudySystemAttr", workerId: this.workerId, studyId, key, value }]);
  }

  getStudyIdFromName(studyName: string): number {
    this.sync();
    for (const s of this.replay.studies.values()) if (s.studyName === studyName) return s.studyId;
    throw new Error(NOT_FOUND);
  }

  getStudyNameFromId(studyId: number): string {
    this.sync();
    return this.replay.study(studyId).studyName;
  }

  getStudyDirections(studyId: number): readonly StudyDirection[] {
    this.sync();
    return [...this.replay.study(studyId).directions];
  }

  getStudyUserAttrs(studyId: number): Record<string, unknown> {
    this.sync();
    return { ...this.replay.study(studyId).userAttrs };
  }

  getStudySystemAttrs(studyId: number): Record<string, unknown> {
    this.sync();
    return { ...this.replay.study(studyId).systemAttrs };
  }

  getAllStudies(): FrozenStudy[] {
    this.sync();
    return [...this.replay.studies.values()].map((s) => ({
      studyId: s.studyId,
      studyName: s.studyName,
      directions: [...s.directions],
      userAttrs: { ...s.userAttrs },
      systemAttrs: { ...s.systemAttrs },
    }));
  }

  // ---- trials ----

  createNewTrial(studyId: number, template?: TrialTemplate): number {
    const contents = template && {
      state: template.state,
      values: template.values ?? null,
      datetimeComplete: template.datetimeComplete ?? null,
      params: template.params ?? {},
      distributions: template.distributions ?? {},
      userAttrs: template.userAttrs ?? {},
      systemAttrs: template.systemAttrs ?? {},
      intermediateValues: template.intermediateValues ?? new Map<number, number>(),
    };
    if (contents && !TRIAL_STATES.includes(contents.state)) throw new RangeError(`${JSON.stringify(contents.state)} is not a valid TrialState`);
    // As Optuna: a trial created from a template starts when the template says.
    const datetimeStart = template ? (template.datetimeStart ?? null) : new Date();
    return this.write(() => {
      const trialId = this.replay.trials.length; // what every reader will number it, since we hold the lock
      const ops: JournalOp[] = [{ op: "createTrial", workerId: this.workerId, studyId, datetimeStart, contents: contents ?? null }];
      if ((contents?.state ?? "RUNNING") === "RUNNING") ops.push(this.ownerOp(trialId));
      return ops;
    })[0]!;
  }

  setTrialParam(trialId: number, paramName: string, internalValue: number, distribution: Distribution): void {
    if (typeof internalValue !== "number") throw new TypeError(`setTrialParam: the internal value of '${paramName}' must be a number, got ${String(internalValue)}`);
    this.write(() => [{ op: "setTrialParam", workerId: this.workerId, trialId, paramName, internal: internalValue, distribution }]);
  }

  getTrialIdFromStudyIdTrialNumber(studyId: number, trialNumber: number): number {
    this.sync();
    const id = this.replay.studyTrials.get(studyId)?.[trialNumber];
    if (id === undefined) throw new Error(`No trial with trial number ${trialNumber} exists in study with study_id ${studyId}.`);
    return id;
  }

  setTrialStateValues(trialId: number, state: TrialState, values?: readonly number[] | null): boolean {
    if (!TRIAL_STATES.includes(state)) throw new RangeError(`${JSON.stringify(state)} is not a valid TrialState`);
    if (values != null && (!Array.isArray(values) || values.some((v) => typeof v !== "number"))) {
      throw new TypeError(`setTrialStateValues: values must be a list of numbers, got ${JSON.stringify(values)}`);
    }
    let claimed = true;
    this.write(() => {
      if (state === "RUNNING" && !this.replay.wouldStart(trialId)) {
        // Already RUNNING: another worker claimed it first (Optuna writes the line and skips it on replay).
        claimed = this.replay.ownedTrialId === trialId;
        return [];
      }
      const datetime = state === "WAITING" ? null : new Date();
      const ops: JournalOp[] = [{ op: "setTrialStateValues", workerId: this.workerId, trialId, state, values: values ?? null, datetime }];
      if (state === "RUNNING") ops.push(this.ownerOp(trialId));
      return ops;
    });
    return claimed;
  }

  setTrialIntermediateValue(trialId: number, step: number, value: number): void {
    if (!Number.isInteger(step)) throw new TypeError(`The \`step\` argument is of type \`${typeof step}\` but expected an integer, got ${String(step)}.`);
    if (typeof value !== "number") throw new TypeError(`The \`value\` argument is of type \`${typeof value}\` but only float types are supported.`);
    this.write(() => [{ op: "setTrialIntermediateValue", workerId: this.workerId, trialId, step, value }]);
  }

  setTrialUserAttr(trialId: number, key: string, value: unknown): void {
    this.write(() => [{ op: "setTrialUserAttr", workerId: this.workerId, trialId, key, value }]);
  }

  setTrialSystemAttr(trialId: number, key: string, value: unknown): void {
    this.write(() => [{ op: "setTrialSystemAttr", workerId: this.workerId, trialId, key, value }]);
  }

  getTrial(trialId: number): FrozenTrial {
    this.sync();
    return this.replay.trial(trialId);
  }

  getAllTrials(studyId: number, states?: readonly TrialState[]): FrozenTrial[] {
    this.sync();
    this.replay.study(studyId);
    const trials = this.replay.studyTrials.get(studyId)!.map((id) => this.replay.trials[id]);
    return states === undefined ? trials : trials.filter((t) => states.includes(t.state));
  }

  /**
   * RUNNING trials of the study whose worker process is gone: started on
   * this host by a process that no longer exists (see `study.failStaleTrials()`).
   */
  getStaleTrialIds(studyId: number): number[] {
    return this.getAllTrials(studyId, ["RUNNING"]).filter((t) => ownerGone(t, this.host)).map((t) => t.trialId);
  }

  /** Read what other processes appended (every method does this anyway). */
  async flush(): Promise<void> {
    this.sync();
  }

  // ---- journal mechanics ----

  private ownerOp(trialId: number): JournalOp {
    return { op: "setTrialSystemAttr", workerId: this.workerId, trialId, key: OWNER_ATTR, value: ownerRecord(this.host) };
  }

  /** Apply the lines appended since the last read; returns the length of a torn last line. */
  private sync(): number {
    const { lines, tornBytes } = this.file.readNew();
    for (const line of lines) {
      const op = this.decode(line);
      try {
        this.replay.apply(op, op.workerId === this.workerId);
      } finally {
        this.file.consume(line);
      }
    }
    return tornBytes;
  }

  private decode(line: JournalLine): JournalOp {
    const where = `wasmtune: journal ${this.path} line ${line.lineNumber}`;
    if (line.text === null) throw new JournalFormatError(`${where} is not UTF-8 text`);
    let parsed: unknown;
    try {
      parsed = pythonJsonLoads(line.text);
    } catch (e) {
      throw new JournalFormatError(`${where} is not JSON (${(e as Error).message}); the journal is corrupt`);
    }
    try {
      return decodeOp(parsed);
    } catch (e) {
      if (e instanceof JournalFormatError) throw new JournalFormatError(`${where}: ${e.message}`);
      throw e;
    }
  }

  /**
   * Under the lock: catch up (repairing a torn tail a killed writer left),
   * build the operations against the current state, apply them as this
   * worker's (which throws what Optuna would raise, before anything is
   * written), append and fsync them. Returns what each apply returned.
   */
  private write(build: () => JournalOp[]): (number | null)[] {
    this.lock.acquire();
    try {
      const torn = this.sync();
      if (torn > 0) {
        this.file.repairTail(torn, (text) => this.isWholeOp(text));
        this.sync();
      }
      const ops = build();
      if (ops.length === 0) return [];
      const lines = ops.map(encodeOp); // refuses values JSON cannot hold before anything changes
      const results: (number | null)[] = [];
      try {
        for (const op of ops) results.push(this.replay.apply(op, true));
        this.file.appendLines(lines);
      } catch (e) {
        if (results.length > 0) this.reload(); // the state moved ahead of the file: rebuild it from the file
        throw e;
      }
      return results;
    } finally {
      this.lock.release();
    }
  }

  private isWholeOp(text: string): boolean {
    try {
      decodeOp(pythonJsonLoads(text));
      return true;
    } catch {
      return false;
    }
  }

  private reload(): void {
    this.replay = new JournalReplay(this.workerId);
    this.file.rewind();
  }
}
