import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DesiredState } from '../../src/core/types.js';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { acquireFileLock } from '../../src/engine/file-lock.js';
import { lockPath } from '../../src/engine/session.js';
import { tempDir } from '../e2e/cli.js';

describe('the apply file lock', () => {
  it('excludes a second holder with lock.held naming the first, and frees on release', async () => {
    const path = join(tempDir('byok-lock-'), 'x.apply.lock');
    const first = await acquireFileLock(path, 'first');
    const err = await acquireFileLock(path, 'second').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).diagnostics[0]).toMatchObject({ code: 'lock.held' });
    expect((err as UserError).message).toMatch(/first/);
    await first.release();
    expect(existsSync(path)).toBe(false);
    await (await acquireFileLock(path, 'second')).release();
  });

  it('takes over at once a lock whose holder died on this host (kill -9)', async () => {
    const path = join(tempDir('byok-lock-'), 'x.apply.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const now = new Date().toISOString();
    writeFileSync(path, JSON.stringify({ pid: Number(dead.stdout), host: hostname(), owner: 'killed apply', acquiredAt: now, heartbeatAt: now }));
    const lock = await acquireFileLock(path, 'next');
    await lock.release();
  });

  it('keeps a live holder on another host until its heartbeat is stale', async () => {
    const path = join(tempDir('byok-lock-'), 'x.apply.lock');
    const recent = new Date().toISOString();
    writeFileSync(path, JSON.stringify({ pid: 1, host: 'elsewhere', owner: 'remote', acquiredAt: recent, heartbeatAt: recent }));
    await expect(acquireFileLock(path, 'me', 60_000)).rejects.toThrow(/remote/);
    const old = new Date(Date.now() - 120_000).toISOString();
    writeFileSync(path, JSON.stringify({ pid: 1, host: 'elsewhere', owner: 'remote', acquiredAt: old, heartbeatAt: old }));
    await (await acquireFileLock(path, 'me', 60_000)).release();
  });

  it('lives beside the local state file, or in BYOK_LOCK_DIR', () => {
    const desired = { name: 'm', file: '/repo/keys.yaml', providers: { local: { name: 'local', type: 'local', state: '/repo/.reconcile/local-state.json', regionClass: 'standard' } } } as unknown as DesiredState;
    expect(lockPath(desired, {})).toBe('/repo/.reconcile/m.apply.lock');
    expect(lockPath(desired, { BYOK_LOCK_DIR: '/var/run/byok' })).toBe('/var/run/byok/m.apply.lock');
  });
});
