import { open } from 'node:fs/promises';
import { UserError, error } from '../diagnostics/diagnostic.js';

/**
 * Writes a file that only its owner can read (0600 from the first byte: the mode is given to
 * open(2), so there is no window with a wider mode). Without `overwrite` it uses O_EXCL and
 * refuses an existing path — overwriting key material by accident destroys it for good.
 */
export async function writePrivateFile(path: string, shownPath: string, data: Uint8Array, overwrite = false): Promise<void> {
  let handle;
  try {
    handle = await open(path, overwrite ? 'w' : 'wx', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new UserError(
        error('cli.refused', `${shownPath} already exists; refusing to overwrite it`, {
          detail: 'Choose another path, or move the existing file away deliberately (it may hold key material).',
        }),
      );
    }
    throw new UserError(error('cli.refused', `${shownPath} cannot be created (${code ?? 'unknown error'})`, { detail: 'Check the directory exists and is writable.' }));
  }
  try {
    // An existing file keeps its old mode on open(2); tighten it before writing.
    if (overwrite) await handle.chmod(0o600);
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
}
