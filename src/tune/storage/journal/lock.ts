// The journal's writers exclude each other with a lock file next to the
// journal, made the way Optuna makes it, so Optuna and wasmtune processes
// can append to one journal: `<journal>.lock` created as a symbolic link to
// the journal (Optuna's JournalFileSymlinkLock, the default) or as a file
// opened with O_EXCL (JournalFileOpenLock), released by renaming it to a
// unique name and unlinking that. Waiters back off from 1 ms to 0.1 s
// (Optuna: to 1 s; a shorter cap wastes less time when workers contend).
//
// A process killed while holding the lock leaves the lock file behind.
// Optuna 3.1 then waits forever; Optuna 4.3 added a grace period: a waiter
// that sees the same lock file unchanged for `gracePeriod` seconds removes
// it. We do the same, with the same default (30 s), judging "unchanged" by
// the lock file's own inode and mtime (a new holder's lock is a new file).

import { type SyncFs, sleepSync, uuid4 } from "./host.js";

/** How the lock file is made: Optuna's JournalFileSymlinkLock or JournalFileOpenLock. */
export type JournalLockKind = "symlink" | "open";

const LOCK_SUFFIX = ".lock";
const RENAME_SUFFIX = ".rename";

/** An exclusive lock for appending to one journal file. */
export class JournalFileLock {
  /** Path of the lock file (`<journal>.lock`). */
  readonly lockPath: string;

  constructor(
    private readonly fs: SyncFs,
    private readonly journalPath: string,
    private readonly kind: JournalLockKind,
    /** Seconds an unchanged lock file is waited for before it is taken as abandoned; null waits forever (Optuna 3.1). */
    private readonly gracePeriod: number | null,
  ) {
    this.lockPath = journalPath + LOCK_SUFFIX;
  }

  /** Block until this process holds the lock. */
  acquire(): void {
    let sleepMs = 1;
    let seen = "";
    let seenSince = performance.now();
    for (;;) {
      if (this.tryCreate()) return;
      if (this.gracePeriod !== null) {
        const id = this.identity();
        if (id === null) continue; // released meanwhile: try again at once
        const now = performance.now();
        if (id !== seen) {
          seen = id;
          seenSince = now;
        } else if (now - seenSince > this.gracePeriod * 1000) {
          // Look once more right before removing, to narrow the window in which another
          // waiter replaced the abandoned lock with its own live one.
          if (this.identity() === seen) {
            console.warn(`wasmtune: the journal lock ${this.lockPath} has not changed for ${this.gracePeriod} s; removing it as left by a killed process`);
            this.remove(); // another waiter may have removed it first: either way, try again
          }
          seen = "";
          sleepMs = 1;
          continue;
        }
      }
      sleepSync(sleepMs);
      sleepMs = Math.min(sleepMs * 2, 100);
    }
  }

  /** Give the lock up; throws when the lock file is gone (someone took it as abandoned). */
  release(): void {
    if (!this.remove()) {
      throw new Error(`wasmtune: did not possess the journal lock ${this.lockPath} any more (another process removed it after its grace period)`);
    }
  }

  private tryCreate(): boolean {
    try {
      if (this.kind === "symlink") this.fs.symlinkSync(this.journalPath, this.lockPath);
      else this.fs.closeSync(this.fs.openSync(this.lockPath, "wx"));
      return true;
    } catch (e) {
      if ((e as { code?: string }).code === "EEXIST") return false;
      throw e;
    }
  }

  /** The lock file's inode and mtime, or null when there is none. */
  private identity(): string | null {
    try {
      const st = this.fs.lstatSync(this.lockPath);
      return `${st.ino}:${st.mtimeMs}`;
    } catch {
      return null;
    }
  }

  /** Remove the lock file as Optuna does (rename to a unique name, then unlink); false when it was not there. */
  private remove(): boolean {
    const aside = this.lockPath + uuid4() + RENAME_SUFFIX;
    try {
      this.fs.renameSync(this.lockPath, aside);
    } catch {
      return false;
    }
    this.fs.unlinkSync(aside);
    return true;
  }
}
