import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MaterialSource } from '../core/types.js';
import { UserError, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { describeSource } from './describe.js';
import { decodeOrThrow } from './encoded.js';
import { materialError } from './errors.js';
import { zeroize } from './zeroize.js';

type FileSource = Extract<MaterialSource, { type: 'file' }>;

/** No key material (PKCS#8 RSA-4096 is about 2.4 KB) comes close; a larger file is the wrong file. */
export const MAX_MATERIAL_FILE_BYTES = 64 * 1024;

/**
 * Synchronous on purpose: open, fstat, read and close of a file of a few dozen bytes take
 * microseconds, while the promise-based FileHandle path costs about 80 µs per file in bookkeeping
 * (0.8 s for 10,000 keys). Nothing here can block for long: O_NONBLOCK makes opening a FIFO return
 * at once, and anything that is not a regular file is refused before the first read.
 */
export function readFileSource(source: FileSource, baseDir: string): { bytes: Buffer; warnings: Diagnostic[] } {
  const path = resolve(baseDir, source.path);
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer (it would, forever).
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    throw openError(source, (e as NodeJS.ErrnoException).code);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(source, st);
    if (st.size > MAX_MATERIAL_FILE_BYTES) throw tooLarge(source, `is ${st.size} bytes`);
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
    const raw = readAll(fd, st.size, source);
    if (source.encoding === 'raw') return { bytes: raw, warnings };
    const fix = `The file must hold the material as ${source.encoding} text, or set \`encoding: raw\` for raw bytes.`;
    return { bytes: decodeOrThrow(raw, source.encoding, source, fix), warnings };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads the file into one zero-filled buffer. A regular file is read up to the size fstat gave (as
 * fs.readFile does), so one read call does it. A size of 0 may be a file whose size the kernel
 * does not know (/proc): then it is read to its end, the buffer doubling up to the size limit.
 * Every buffer that held material is either returned or zeroed.
 */
function readAll(fd: number, size: number, source: FileSource): Buffer {
  const known = size > 0;
  let buf = Buffer.alloc(known ? size : 64);
  let n = 0;
  try {
    for (;;) {
      if (n === buf.length) {
        if (known) break;
        if (n > MAX_MATERIAL_FILE_BYTES) throw tooLarge(source, `is over ${MAX_MATERIAL_FILE_BYTES} bytes`);
        const bigger = Buffer.alloc(Math.min(buf.length * 2, MAX_MATERIAL_FILE_BYTES + 1));
        buf.copy(bigger);
        zeroize(buf);
        buf = bigger;
      }
      const got = readSync(fd, buf, n, buf.length - n, n);
      if (got === 0) break;
      n += got;
    }
  } catch (e) {
    zeroize(buf);
    if (e instanceof UserError) throw e;
    throw materialError('material.unreadable', source, `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`, 'Check the file and the disk it is on.');
  }
  // The bytes after n were never written; zeroing the returned view clears everything read.
  return buf.subarray(0, n);
}

function tooLarge(source: FileSource, size: string) {
  return materialError('material.size', source, `${size}, far larger than any key material`, 'Point `material.file` at the key material itself.');
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
