/**
 * Crash-safe file replacement: write a temp file beside the target, fsync it, rename it over the
 * target, fsync the directory. A kill -9 at any point leaves either the old or the new file whole,
 * never a torn one (rename is atomic within a directory on POSIX file systems).
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** Test hook: called between the steps, so a test can "crash" (throw) at each one. */
export type WritePhase = 'written' | 'synced' | 'renamed';

export function atomicWriteFile(path: string, data: string | Buffer, mode = 0o600, onPhase?: (p: WritePhase) => void): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  let renamed = false;
  try {
    try {
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
      onPhase?.('written');
      fsyncSync(fd);
      onPhase?.('synced');
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    renamed = true;
    onPhase?.('renamed');
  } finally {
    if (!renamed) {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone
      }
    }
  }
  syncDir(dir);
}

/** Makes the rename itself durable; not every platform lets a directory be fsynced. */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
