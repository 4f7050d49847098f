// Reading and appending the journal file. Reads are incremental: the byte
// offset and line number of the first unread line are kept, and each read
// returns only the complete lines (ending in "\n") written since. A final
// line without its newline is a write in progress, or one cut short by a
// killed writer: it is left unread until it is complete.
//
// A torn line is only ever repaired by a writer holding the lock, which
// knows no one else is writing: if it is a whole JSON object (the writer died
// between the text and its newline) it gets its newline, which is what
// Optuna's reader already accepted; otherwise it is cut off. Optuna 3.1 does
// neither, so its next append would glue its line onto the torn one.

import type { SyncFs } from "./host.js";

/** A complete line read from the journal. */
export interface JournalLine {
  /** The line without its newline; null when it is not UTF-8. */
  readonly text: string | null;
  /** 1-based line number in the file. */
  readonly lineNumber: number;
  /** Byte offset just past the line's newline. */
  readonly end: number;
}

const NEWLINE = 0x0a;

/** The journal file, with the position of the first line not yet read. */
export class JournalFile {
  /** Byte offset of the first unread line. */
  offset = 0;
  /** Lines before `offset`. */
  linesRead = 0;
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });

  constructor(
    private readonly fs: SyncFs,
    readonly path: string,
  ) {
    // Create the file if absent, as Optuna does.
    fs.closeSync(fs.openSync(path, "a"));
  }

  /** Forget what was read: the next read starts at the beginning. */
  rewind(): void {
    this.offset = 0;
    this.linesRead = 0;
  }

  /**
   * The complete lines after `offset` (not consumed: the caller moves
   * `offset`/`linesRead` with {@link consume} as it applies them), and the
   * length of a torn tail after the last of them.
   */
  readNew(): { lines: JournalLine[]; tornBytes: number } {
    const fd = this.fs.openSync(this.path, "r");
    let bytes: Uint8Array;
    try {
      const size = this.fs.fstatSync(fd).size;
      if (size < this.offset) {
        throw new Error(`wasmtune: the journal ${this.path} shrank from ${this.offset} to ${size} bytes; it was truncated or replaced while in use`);
      }
      bytes = new Uint8Array(size - this.offset);
      let got = 0;
      while (got < bytes.length) {
        const n = this.fs.readSync(fd, bytes, got, bytes.length - got, this.offset + got);
        if (n === 0) break;
        got += n;
      }
      bytes = bytes.subarray(0, got);
    } finally {
      this.fs.closeSync(fd);
    }
    const lines: JournalLine[] = [];
    let start = 0;
    for (let nl = bytes.indexOf(NEWLINE); nl >= 0; nl = bytes.indexOf(NEWLINE, start)) {
      const lineNumber = this.linesRead + lines.length + 1;
      lines.push({ text: this.decodeOrNull(bytes.subarray(start, nl)), lineNumber, end: this.offset + nl + 1 });
      start = nl + 1;
    }
    return { lines, tornBytes: bytes.length - start };
  }

  /** Mark `line` (the next unread one) as read. */
  consume(line: JournalLine): void {
    this.offset = line.end;
    this.linesRead = line.lineNumber;
  }

  /**
   * Repair a torn tail after `offset` (call with the lock held, after
   * reading every complete line): complete it when `isWholeOp` accepts its
   * text, cut it off otherwise.
   */
  repairTail(tornBytes: number, isWholeOp: (text: string) => boolean): void {
    if (tornBytes === 0) return;
    const tail = new Uint8Array(tornBytes);
    const fd = this.fs.openSync(this.path, "r+");
    try {
      this.fs.readSync(fd, tail, 0, tornBytes, this.offset);
      const text = this.decodeOrNull(tail);
      if (text === null || !isWholeOp(text)) {
        this.fs.ftruncateSync(fd, this.offset);
        this.fs.fsyncSync(fd);
        return;
      }
    } finally {
      this.fs.closeSync(fd);
    }
    this.write(new Uint8Array([NEWLINE]), null);
  }

  private decodeOrNull(bytes: Uint8Array): string | null {
    try {
      return this.decoder.decode(bytes);
    } catch {
      return null;
    }
  }

  /**
   * Append whole lines and fsync them, and count them as read (call with
   * the lock held, after reading up to the end: the caller has applied them).
   */
  appendLines(lines: readonly string[]): void {
    const bytes = new TextEncoder().encode(lines.join("\n") + "\n");
    this.write(bytes, this.offset);
    this.offset += bytes.length;
    this.linesRead += lines.length;
  }

  /** Append and fsync, refusing when the file is not `expectedSize` long (someone wrote without the lock). */
  private write(bytes: Uint8Array, expectedSize: number | null): void {
    const fd = this.fs.openSync(this.path, "a");
    try {
      const size = this.fs.fstatSync(fd).size;
      if (expectedSize !== null && size !== expectedSize) {
        throw new Error(`wasmtune: the journal ${this.path} grew from ${expectedSize} to ${size} bytes while this process held its lock; another writer is not using the lock`);
      }
      let done = 0;
      while (done < bytes.length) done += this.fs.writeSync(fd, bytes.subarray(done));
      this.fs.fsyncSync(fd);
    } finally {
      this.fs.closeSync(fd);
    }
  }
}
