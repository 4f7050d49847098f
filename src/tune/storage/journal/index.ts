// Optuna's journal file storage: what `tune` exports of it.
export { JournalFileStorage, type JournalFileStorageOptions } from "./journal_storage.js";
export type { JournalLockKind } from "./lock.js";
