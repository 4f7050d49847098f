import type { Module } from "../nn/module.js";
import type { Generator } from "../random/generator.js";
import { decodeSafetensors, encodeSafetensors } from "../io/safetensors.js";
import type { SafetensorsTensor } from "../io/safetensors.js";
import { safetensorsToStateDict, stateDictToSafetensors } from "../io/model_io.js";
import { decodeState, encodeState } from "../io/state_codec.js";
import type { Json } from "../io/state_codec.js";
import { History } from "./history.js";
import type { HistoryJSON } from "./history.js";
import type { StateDict } from "../nn/module.js";

/** Anything with PyTorch-style state: optimizers, schedulers, callbacks. */
export interface Stateful {
  stateDict(): unknown;
  loadStateDict(state: unknown): void;
}

/** Anything with a resumable position, such as a `DataLoader`. */
export interface Resumable {
  getState(): unknown;
  setState(state: unknown): void;
}

/** The live objects a checkpoint is taken from and restored into. */
export interface CheckpointParts {
  model: Module;
  optimizer?: Stateful;
  scheduler?: Stateful;
  /** Random generators by name (dropout, shuffling, …). */
  generators?: Record<string, Generator>;
  /** Data loaders by name (their shuffle position). */
  loaders?: Record<string, Resumable>;
  /** Other state by name, e.g. callbacks (early-stopping patience). */
  extras?: Record<string, Stateful>;
}

/** The plain values a checkpoint carries besides the parts' state. */
export interface CheckpointInfo {
  /** Number of completed epochs. */
  epoch: number;
  history?: HistoryJSON;
}

const FORMAT = "wasmtune.checkpoint";
const VERSION = 1;

interface Body {
  version: number;
  epoch: number;
  history: Json;
  optimizer?: Json;
  scheduler?: Json;
  generators: Record<string, Json>;
  loaders: Record<string, Json>;
  extras: Record<string, Json>;
}

function mapValues<T, U>(r: Record<string, T> | undefined, f: (v: T, k: string) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [k, v] of Object.entries(r ?? {})) out[k] = f(v, k);
  return out;
}

/**
 * One safetensors file holding the whole training state: model weights as
 * `model.<name>` tensors, optimizer/scheduler state tensors under their own
 * prefixes, and everything else (hyperparameters, step counts, generator
 * and loader state, epoch, history) as JSON in `__metadata__`, with a
 * SHA-256 over header and data so corruption is detected on load.
 */
export function saveCheckpoint(parts: CheckpointParts, info: CheckpointInfo): Uint8Array {
  const tensors: Record<string, SafetensorsTensor> = {};
  for (const [name, t] of Object.entries(stateDictToSafetensors(parts.model.stateDict()))) tensors[`model.${name}`] = t;
  const body: Body = {
    version: VERSION,
    epoch: info.epoch,
    history: encodeState(info.history ?? null, "history", tensors),
    optimizer: parts.optimizer ? encodeState(parts.optimizer.stateDict(), "optimizer", tensors) : undefined,
    scheduler: parts.scheduler ? encodeState(parts.scheduler.stateDict(), "scheduler", tensors) : undefined,
    generators: mapValues(parts.generators, (g) => g.getState()),
    loaders: mapValues(parts.loaders, (l, k) => encodeState(l.getState(), `loaders.${k}`, tensors)),
    extras: mapValues(parts.extras, (s, k) => encodeState(s.stateDict(), `extras.${k}`, tensors)),
  };
  return encodeSafetensors(tensors, { format: FORMAT, [FORMAT]: JSON.stringify(body) }, { checksum: true });
}

function refuse(why: string): never {
  throw new Error(`wasmtune: cannot load checkpoint: ${why}`);
}

const bare = (e: unknown): string => (e instanceof Error ? e.message : String(e)).replace(/^wasmtune: /, "");

function isRecord(v: unknown): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The checkpoint's JSON, checked for the structure every later step relies on. */
function readBody(text: string | undefined): Body {
  let body: unknown;
  try {
    body = JSON.parse(text ?? "null");
  } catch (e) {
    refuse(`its "${FORMAT}" metadata is not valid JSON (${bare(e)})`);
  }
  if (!isRecord(body)) refuse(`its "${FORMAT}" metadata is not a JSON object`);
  if (body.version !== VERSION) refuse(`unsupported checkpoint version ${JSON.stringify(body.version)?.slice(0, 40)}`);
  if (!Number.isSafeInteger(body.epoch) || (body.epoch as number) < 0) refuse("its epoch is not a non-negative integer");
  for (const k of ["generators", "loaders", "extras"]) if (!isRecord(body[k])) refuse(`its "${k}" entry is not an object`);
  return body as unknown as Body;
}

function needed<T>(have: Record<string, T> | undefined, saved: Record<string, unknown>, what: string): void {
  for (const k of Object.keys(have ?? {})) if (!Object.hasOwn(saved, k)) refuse(`it has no state for ${what} "${k}" (it has ${Object.keys(saved).map((s) => `"${s}"`).join(", ") || "none"})`);
}

/**
 * Restore a `saveCheckpoint` file (any `Uint8Array` view, such as a Node
 * `Buffer`) into `parts` and return its epoch and history. The file is fully
 * validated and decoded first (structure, checksum, JSON, that it holds state
 * for every part given), and if restoring any part fails, the parts already
 * restored are put back: on error everything is left as it was.
 */
export function loadCheckpoint(bytes: Uint8Array | ArrayBuffer, parts: CheckpointParts): CheckpointInfo {
  let file;
  try {
    file = decodeSafetensors(bytes);
  } catch (e) {
    refuse(bare(e));
  }
  if (file.metadata.format !== FORMAT) refuse(`it is not a wasmtune checkpoint (format "${file.metadata.format ?? "missing"}"); use io.loadModel for plain model files`);
  const body = readBody(file.metadata[FORMAT]);
  if (parts.optimizer && body.optimizer === undefined) refuse("it has no optimizer state");
  if (parts.scheduler && body.scheduler === undefined) refuse("it has no scheduler state");
  needed(parts.generators, body.generators, "generator");
  needed(parts.loaders, body.loaders, "loader");
  needed(parts.extras, body.extras, "callback");

  // Decode everything before anything is restored.
  const model: Record<string, SafetensorsTensor> = {};
  for (const [name, t] of Object.entries(file.tensors)) if (name.startsWith("model.")) model[name.slice(6)] = t;
  let modelState: StateDict;
  let history: HistoryJSON | undefined;
  const decode = (j: Json | undefined, path: string): unknown => decodeState(j ?? null, file.tensors, path);
  const states: Record<string, Record<string, unknown>> = { generators: {}, loaders: {}, extras: {} };
  const single: Partial<Record<"optimizer" | "scheduler", unknown>> = {};
  try {
    modelState = safetensorsToStateDict(model);
    const h = decode(body.history, "history");
    history = h === null ? undefined : History.fromJSON(h as HistoryJSON).toJSON();
    for (const key of ["optimizer", "scheduler"] as const) if (parts[key]) single[key] = decode(body[key], key);
    for (const key of ["generators", "loaders", "extras"] as const) {
      for (const k of Object.keys(parts[key] ?? {})) states[key][k] = decode(body[key][k], `${key}.${k}`);
    }
  } catch (e) {
    refuse(bare(e));
  }

  // Apply in order, remembering how to undo each step.
  const undo: Array<() => void> = [];
  let part = "";
  try {
    const before = parts.model.stateDict();
    parts.model.loadStateDict(modelState);
    undo.push(() => parts.model.loadStateDict(before));
    for (const key of ["optimizer", "scheduler"] as const) {
      const p = parts[key];
      if (!p) continue;
      part = key;
      const prev = p.stateDict();
      const state = single[key];
      if (!isRecord(state)) refuse(`its ${key} state is not an object`);
      p.loadStateDict(state);
      undo.push(() => p.loadStateDict(prev));
    }
    for (const [k, g] of Object.entries(parts.generators ?? {})) {
      part = `generator "${k}"`;
      const prev = g.getState();
      const state = states.generators[k];
      if (!Array.isArray(state)) refuse(`the state of ${part} is not an array`);
      g.setState(state as number[]);
      undo.push(() => g.setState(prev));
    }
    for (const [k, l] of Object.entries(parts.loaders ?? {})) {
      part = `loader "${k}"`;
      const prev = l.getState();
      if (!isRecord(states.loaders[k])) refuse(`the state of ${part} is not an object`);
      l.setState(states.loaders[k]);
      undo.push(() => l.setState(prev));
    }
    for (const [k, s] of Object.entries(parts.extras ?? {})) {
      part = `callback "${k}"`;
      const prev = s.stateDict();
      s.loadStateDict(states.extras[k]);
      undo.push(() => s.loadStateDict(prev));
    }
  } catch (e) {
    for (const u of undo.reverse()) u();
    const why = bare(e);
    refuse(why.startsWith("cannot load checkpoint: ") ? why.slice(24) : `${part && `${part}: `}${why}`);
  }
  return { epoch: body.epoch, history };
}
