import { hostname } from 'node:os';
import { mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError, error } from '../diagnostics/diagnostic.js';

/**
 * An exclusive apply lock on the local machine: a file created with O_EXCL holding the owner's
 * pid, host and a heartbeat. Written by hand rather than with proper-lockfile because recovery
 * after `kill -9` must be immediate: a lock whose pid is dead on this host is taken over at once,
 * and one whose heartbeat is older than `staleMs` (another host on a shared disk) too.
 */
export interface FileLock {
  readonly path: string;
  release(): Promise<void>;
}

interface LockBody {
  pid: number;
  host: string;
  owner: string;
  acquiredAt: string;
  heartbeatAt: string;
}

const HEARTBEAT_MS = 5_000;

export async function acquireFileLock(path: string, owner: string, staleMs = 60_000): Promise<FileLock> {
  await mkdir(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await tryCreate(path, owner)) return startHeartbeat(path, owner);
    const holder = await readHolder(path);
    if (holder && !isStale(holder, staleMs)) {
      throw new UserError(
        error('lock.held', `another apply holds the lock for this manifest (${holder.owner}, pid ${holder.pid} on ${holder.host}, since ${holder.acquiredAt})`, {
          detail: `Wait for it to finish. If that process is gone from another machine, the lock expires ${Math.round(staleMs / 1000)} s after its last heartbeat; the file is ${path}.`,
        }),
      );
    }
    // Stale: move it aside atomically so that only one contender removes it.
    await rename(path, `${path}.stale-${process.pid}`).then(() => unlink(`${path}.stale-${process.pid}`)).catch(() => undefined);
  }
  throw new UserError(error('lock.held', `could not take the apply lock ${path}`, { detail: 'Another process keeps taking it; try again.' }));
}

async function tryCreate(path: string, owner: string): Promise<boolean> {
  try {
    const fh = await open(path, 'wx', 0o600);
    try {
      await fh.writeFile(JSON.stringify(body(owner, new Date().toISOString())));
    } finally {
      await fh.close();
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

function body(owner: string, acquiredAt: string): LockBody {
  return { pid: process.pid, host: hostname(), owner, acquiredAt, heartbeatAt: new Date().toISOString() };
}

async function readHolder(path: string): Promise<LockBody | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockBody;
  } catch {
    return null; // vanished or half-written: treat as stale after the retry loop
  }
}

function isStale(holder: LockBody, staleMs: number): boolean {
  if (holder.host === hostname() && !pidAlive(holder.pid)) return true;
  return Date.now() - Date.parse(holder.heartbeatAt) > staleMs;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function startHeartbeat(path: string, owner: string): FileLock {
  const acquiredAt = new Date().toISOString();
  const timer = setInterval(() => {
    void writeFile(path, JSON.stringify(body(owner, acquiredAt))).catch(() => undefined);
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    path,
    async release() {
      clearInterval(timer);
      const holder = await readHolder(path);
      if (holder && holder.pid === process.pid && holder.host === hostname()) await unlink(path).catch(() => undefined);
    },
  };
}
