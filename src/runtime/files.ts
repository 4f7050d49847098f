// Writing whole files on server runtimes (Node, Bun and Deno all provide
// node:fs). Browsers and workerd have no file system: there, pass a save
// function instead of a path. Reading lives with `readBytes` in load.ts.

/** Write `data` to a file, replacing it. */
export async function writeBytes(path: string, data: Uint8Array): Promise<void> {
  // Hidden from bundlers so browser builds do not try to resolve node:fs.
  const name = "node:fs/promises";
  let fs: { writeFile(path: string, data: Uint8Array): Promise<void> };
  try {
    fs = await import(/* @vite-ignore */ /* webpackIgnore: true */ name);
  } catch {
    throw new Error("wasmtune: this runtime has no file system; pass a save function instead of a path");
  }
  await fs.writeFile(path, data);
}
