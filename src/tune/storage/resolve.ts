// The storage a study uses, from what the user passed: a Storage object as
// is, or a string naming one.

import { JournalFileStorage } from "./journal/journal_storage.js";
import { RDBStorage } from "./rdb/storage.js";
import { isPostgresUrl, redactUrl } from "./rdb/url.js";
import type { Storage } from "./storage.js";

const FORMS = '"journal:<path>" (an Optuna journal file), "postgresql://user:password@host:port/database" (Optuna\'s RDBStorage tables) or a Storage object such as new tune.JournalFileStorage(path); leave storage unset to keep the study in memory';

/**
 * A Storage from `storage: "journal:<path>"` (a {@link JournalFileStorage}),
 * `"postgresql://user:password@host:port/database"` (an {@link RDBStorage}
 * with default options), or the object itself. Other strings are refused
 * naming the supported forms.
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
  if (isPostgresUrl(storage)) return new RDBStorage(storage);
  throw new RangeError(`Unknown storage ${JSON.stringify(redactUrl(storage))}: use ${FORMS}`);
}
