// Writing whole files on server runtimes (Node, Bun and Deno all provide
// node:fs). Browsers and workerd have no file system: there, pass a save
// function instead of a path. Reading lives with `readBytes` in load.ts.
//
// A file is never truncated in place: the bytes go to a temporary file in the
// same directory, which is flushed to disk and then renamed over the target.
// Rename within a directory is atomic, so after a crash or kill -9 at any
// moment the target holds either the previous complete file or the new one.

interface FileHandle {
  writeFile(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  chmod(mode: number): Promise<void>;
  close(): Promise<void>;
}

interface Fs {
  open(path: string, flags: string): Promise<FileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  realpath(path: string): Promise<string>;
  stat(path: string): Promise<{ mode: number }>;
}

interface Path {
  dirname(path: string): string;
  basename(path: string): string;
  join(...parts: string[]): string;
}

async function nodeModules(): Promise<{ fs: Fs; path: Path }> {
  // Hidden from bundlers so browser builds do not try to resolve node: modules.
  const names = ["node:fs/promises", "node:path"];
  try {
    const [fs, path] = await Promise.all(names.map((n) => import(/* @vite-ignore */ /* webpackIgnore: true */ n)));
    return { fs: fs as Fs, path: path as Path };
  } catch {
    throw new Error("wasmtune: this runtime has no file system; pass a save function instead of a path");
  }
}

let serial = 0;

/** An unused temporary name beside `target`, created exclusively (`wx`) so concurrent writers never share one. */
async function createTemp(fs: Fs, path: Path, target: string): Promise<{ name: string; handle: FileHandle }> {
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid ?? 0;
  for (;;) {
    const name = path.join(path.dirname(target), `.${path.basename(target)}.${pid}-${Date.now()}-${serial++}.tmp`);
    try {
      return { name, handle: await fs.open(name, "wx") };
    } catch (e) {
      if ((e as { code?: string }).code !== "EEXIST") throw e;
    }
  }
}

const REASONS: Record<string, string> = {
  ENOENT: "its directory does not exist",
  ENOTDIR: "a component of the path is not a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a directory",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
};

function cannotWrite(path: string, e: unknown): never {
  const code = (e as { code?: string }).code;
  throw new Error(`wasmtune: cannot write ${path}: ${(code && REASONS[code]) ?? (e as Error).message}`, { cause: e });
}

/**
 * Replace the file at `path` with `data` atomically: a temporary file in the
 * same directory is written, flushed (fsync) and renamed over `path`, so
 * readers and crashes see the old file or the new one, never a partial one.
 * A symbolic link is followed (the file it points to is replaced); an
 * existing file's permissions are kept.
 */
export async function writeBytes(path: string, data: Uint8Array): Promise<void> {
  const { fs, path: p } = await nodeModules();
  const target = await fs.realpath(path).catch(() => path);
  const mode = await fs.stat(target).then((s) => s.mode & 0o7777, () => undefined);
  const { name, handle } = await createTemp(fs, p, target).catch((e: unknown) => cannotWrite(path, e));
  try {
    try {
      if (mode !== undefined) await handle.chmod(mode);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(name, target);
  } catch (e) {
    await fs.unlink(name).catch(() => {});
    cannotWrite(path, e);
  }
  // Make the rename itself durable; directories cannot be opened or synced on every platform.
  const dir = await fs.open(p.dirname(target), "r").catch(() => undefined);
  if (dir) await dir.sync().catch(() => {}).finally(() => dir.close());
}
