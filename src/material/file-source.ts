import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { MaterialSource } from '../core/types.js';
import { warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { describeSource } from './describe.js';
import { decodeOrThrow } from './encoded.js';
import { materialError } from './errors.js';

type FileSource = Extract<MaterialSource, { type: 'file' }>;

/** No key material (PKCS#8 RSA-4096 is about 2.4 KB) comes close; a larger file is the wrong file. */
export const MAX_MATERIAL_FILE_BYTES = 64 * 1024;

export async function readFileSource(source: FileSource, baseDir: string): Promise<{ bytes: Buffer; warnings: Diagnostic[] }> {
  const path = resolve(baseDir, source.path);
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer (it would, forever).
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    throw openError(source, (e as NodeJS.ErrnoException).code);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw notRegular(source, st);
    if (st.size > MAX_MATERIAL_FILE_BYTES) {
      throw materialError('material.size', source, `is ${st.size} bytes, far larger than any key material`, 'Point `material.file` at the key material itself.');
    }
    const warnings: Diagnostic[] = [];
    // Group/other access to a plaintext key is a leak waiting to happen, but not a reason to stop.
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
      warnings.push(
        warning('material.permissions', `${describeSource(source)}: mode ${mode} gives group or others access to plaintext key material`, {
          detail: `Restrict it: chmod 600 ${source.path}`,
        }),
      );
    }
    const raw = await handle.readFile();
    if (source.encoding === 'raw') return { bytes: raw, warnings };
    const fix = `The file must hold the material as ${source.encoding} text, or set \`encoding: raw\` for raw bytes.`;
    return { bytes: decodeOrThrow(raw, source.encoding, source, fix), warnings };
  } finally {
    await handle.close();
  }
}

/** FIFOs, devices and sockets: reading one can block forever or never end. */
function notRegular(source: FileSource, st: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }) {
  const what = st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO (named pipe)' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';
  return materialError(
    'material.unreadable',
    source,
    `is ${what}, not a regular file`,
    'Point `material.file` at a regular file that holds the key material; to read material from another program, use `material.command`.',
  );
}

function openError(source: FileSource, code: string | undefined) {
  switch (code) {
    case 'ENOENT':
      return materialError('material.missing', source, 'does not exist', 'Create it (`reconcile material generate --out FILE`) or fix the path (in keys.yaml, paths are relative to the manifest file).');
    case 'EACCES':
    case 'EPERM':
      return materialError('material.unreadable', source, 'is not readable by this user', 'Give the user that runs reconcile read access (and nobody else: chmod 600).');
    case 'ENXIO': // a UNIX socket (or a FIFO with no writer, on some systems)
      return materialError('material.unreadable', source, 'is a socket or a special file, not a regular file', 'Point `material.file` at a regular file that holds the key material; to read material from another program, use `material.command`.');
    case 'EISDIR':
      return materialError('material.unreadable', source, 'is a directory', 'Point `material.file` at the file that holds the key material.');
    default:
      return materialError('material.unreadable', source, `cannot be opened (${code ?? 'unknown error'})`, 'Check the path and its permissions.');
  }
}
