import { describe, expect, it } from 'vitest';
import { LockCoordinator } from '../../src/daemon/coordinator.js';
import type { Session } from '../../src/engine/session.js';
import { createLogger } from '../../src/log.js';
import { desiredState } from '../core/fixtures.js';
import { memoryLock } from './support/memory-lock.js';

function setup(busy = false) {
  const lock = memoryLock();
  const sessions = { open: 0, closed: 0 };
  const desired = desiredState();
  const coordinator = new LockCoordinator({
    desired: () => desired,
    open: async (d): Promise<Session> => {
      sessions.open++;
      return { desired: d, providers: new Map(), clock: { now: () => new Date() }, close: async () => void sessions.closed++ };
    },
    lock: () => lock.take('replica'),
    busy: () => busy,
    log: createLogger('silent', () => undefined),
  });
  return { lock, sessions, coordinator };
}

describe('LockCoordinator (node-cron run coordinator on the apply lock)', () => {
  it('elects the replica that takes the lock and releases lock and providers on completion', async () => {
    const { lock, sessions, coordinator } = setup();
    expect(await coordinator.shouldRun()).toBe(true);
    expect(lock.holder).toBe('replica');
    expect(coordinator.lease?.desired.name).toBe('payments-prod');
    await coordinator.onComplete();
    expect(lock.holder).toBeNull();
    expect(coordinator.lease).toBeNull();
    expect(sessions).toEqual({ open: 1, closed: 1 });
  });

  it('declines while another apply holds the lock, and says who', async () => {
    const { lock, sessions, coordinator } = setup();
    const other = await lock.take('reconcile --apply (pid 42)');
    expect(await coordinator.shouldRun()).toBe(false);
    expect(coordinator.refusal).toMatch(/pid 42/);
    expect(sessions).toEqual({ open: 1, closed: 1 });
    await other.release();
    expect(await coordinator.shouldRun()).toBe(true);
    await coordinator.close();
    expect(lock.holder).toBeNull();
  });

  it('declines while this process already runs a tick, and after close', async () => {
    expect(await setup(true).coordinator.shouldRun()).toBe(false);
    const { coordinator, sessions } = setup();
    await coordinator.close();
    expect(await coordinator.shouldRun()).toBe(false);
    expect(sessions.open).toBe(0);
  });
});
