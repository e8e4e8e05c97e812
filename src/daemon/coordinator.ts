import type { RunCoordinator } from 'node-cron';
import type { DesiredState } from '../core/types.js';
import type { Logger } from '../log.js';
import { lockHeld, type Lease, type TickDeps } from './tick.js';

export interface CoordinatorDeps extends Pick<TickDeps, 'open' | 'lock'> {
  /** The manifest whose lock elects the runner: the last good one. */
  desired(): DesiredState | null;
  /** True while this process already runs a tick (a retry, the start-up run). */
  busy(): boolean;
  /** Why this process cannot start a run now (a run stuck past its deadline says so). */
  busyReason?(): string;
  log: Logger;
}

/**
 * node-cron's run coordinator backed by the CLI's apply lock (the file lock, plus the provider's
 * lease where the manifest configures one, which is what spans machines): at each scheduled fire,
 * the replica that takes the lock runs the tick and the others skip it. The same lock keeps a
 * pipeline's `reconcile --apply` and every daemon from ever applying at the same time.
 *
 * node-cron asks `shouldRun` before its random delay and calls `onComplete` after the run; the
 * lease (lock and open providers) lives in between and is released there, or by `close()` on
 * shutdown (a stopped task never completes a run that was still waiting out its delay).
 */
export class LockCoordinator implements RunCoordinator {
  private held: Lease | null = null;
  private pending: Promise<boolean> | null = null;
  private closed = false;
  /** Why the last `shouldRun` said no, for the skip record. */
  refusal: string | null = null;
  /** True when that was because another apply holds the lock (not this process being busy or stopping). */
  refusedForLock = false;

  constructor(private readonly deps: CoordinatorDeps) {}

  get lease(): Lease | null {
    return this.held;
  }

  shouldRun(): Promise<boolean> {
    this.pending = this.elect();
    return this.pending;
  }

  async onComplete(): Promise<void> {
    await this.release();
  }

  /** No election after this; waits for one in progress and releases its lease. */
  async close(): Promise<void> {
    this.closed = true;
    await this.pending?.catch(() => undefined);
    await this.release();
  }

  private async elect(): Promise<boolean> {
    this.refusal = null;
    this.refusedForLock = false;
    const desired = this.deps.desired();
    if (this.closed || !desired) return this.refuse('the daemon is stopping');
    if (this.deps.busy() || this.held) return this.refuse(this.deps.busyReason?.() ?? 'the previous run is still in progress');
    let session: Lease['session'] | null = null;
    try {
      session = await this.deps.open(desired);
      this.held = { lock: await this.deps.lock(desired, session.providers), session, desired };
    } catch (e) {
      await session?.close();
      const held = lockHeld(e);
      if (held !== null) {
        this.refusedForLock = true;
        return this.refuse(held);
      }
      // Anything else: let the tick open and lock by itself, so that the failure is recorded
      // as a failed run with its code instead of vanishing as a skip.
      this.deps.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'run coordinator could not take the apply lock; the run will try itself');
      return !this.closed;
    }
    if (this.closed) await this.release();
    return !this.closed;
  }

  private refuse(why: string): false {
    this.refusal = why;
    return false;
  }

  private async release(): Promise<void> {
    const lease = this.held;
    this.held = null;
    await lease?.lock.release();
    await lease?.session.close();
  }
}
