// Reading and writing whole files on server runtimes (Node, Bun and Deno all
// provide node:fs). Browsers and workerd have no file system: there, pass
// bytes or a save function instead of a path.

interface Fs {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
}

async function fs(): Promise<Fs> {
  // Hidden from bundlers so browser builds do not try to resolve node:fs.
  const name = "node:fs/promises";
  try {
    return (await import(/* @vite-ignore */ /* webpackIgnore: true */ name)) as Fs;
  } catch {
    throw new Error("wasmtune: this runtime has no file system; pass bytes or a save function instead of a path");
  }
}

/** The contents of a file. */
export async function readBytes(path: string): Promise<Uint8Array> {
  const f = await fs();
  return new Uint8Array(await f.readFile(path));
}

/** Write `data` to a file, replacing it. */
export async function writeBytes(path: string, data: Uint8Array): Promise<void> {
  await (await fs()).writeFile(path, data);
}
