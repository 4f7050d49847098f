// The storage a study uses, from what the user passed: a Storage object as
// is, or a string naming one.

import { JournalFileStorage } from "./journal/journal_storage.js";
import type { Storage } from "./storage.js";

const FORMS = '"journal:<path>" (an Optuna journal file) or a Storage object such as new tune.JournalFileStorage(path); leave storage unset to keep the study in memory';

/**
 * A Storage from `storage: "journal:<path>"` (a {@link JournalFileStorage}),
 * or the object itself. Database URLs and other strings are refused naming
 * the supported forms.
 */
export function resolveStorage(storage: Storage | string): Storage {
  if (typeof storage !== "string") {
    if (typeof storage === "object" && storage !== null && typeof storage.createNewStudy === "function") return storage;
    throw new TypeError(`storage must be a string or a Storage object, got ${String(storage)}; use ${FORMS}`);
  }
  if (storage.startsWith("journal:")) {
    const path = storage.slice("journal:".length);
    if (path === "") throw new RangeError(`storage "journal:" needs a file path, e.g. "journal:./study.log"`);
    return new JournalFileStorage(path);
  }
  if (/^postgres(ql)?(\+[\w-]+)?:\/\//i.test(storage)) throw new Error(`PostgreSQL storage is not available yet; use ${FORMS}`);
  throw new RangeError(`Unknown storage ${JSON.stringify(storage)}: use ${FORMS}`);
}
