import type { DiagnosticCode } from '../diagnostics/codes.js';
import { evaluateHealth, type DaemonStatus, type HealthPolicy, type HealthReport } from './health.js';
import { createMetrics, type DaemonMetrics } from './metrics.js';
import type { TickResult, Trigger } from './result.js';
import { retryDelay, type RetryPolicy } from './retry.js';
import { runTick, type TickDeps, type TickRequest } from './tick.js';
import { dueReason } from './view.js';

export interface ReconcilerOptions extends TickDeps {
  health: HealthPolicy;
  retry: RetryPolicy;
  /** Random source for retry jitter (seeded in tests). */
  random: () => number;
  /** prom-client's default process metrics (off in the simulation, where hundreds of registries come and go). */
  processMetrics: boolean;
  /** Wall-clock deadline of one run; a run past it is recorded as failed (unhealthy). None when absent. */
  runDeadlineMs?: number;
}

/**
 * The daemon without timers: runs ticks one at a time, records each result in one place, and
 * answers health and retry questions from that record. The scheduler (daemon.ts) and the
 * long-run simulation both drive it, so both exercise the same loop.
 */
export class Reconciler {
  readonly metrics: DaemonMetrics;
  private current: DaemonStatus;
  private inFlight: Promise<TickResult> | null = null;
  private retryAttempt = 0;

  constructor(private readonly opts: ReconcilerOptions) {
    const lastGood = opts.manifest.lastGood;
    this.current = {
      startedAt: opts.clock.now(),
      lastRun: null,
      lastSuccessAt: null,
      consecutiveFailures: 0,
      view: null,
      manifest: { valid: lastGood !== null, digest: lastGood?.digest ?? null, problem: null },
    };
    this.metrics = createMetrics(opts.clock, { status: () => this.current, health: () => this.health() }, { processMetrics: opts.processMetrics });
  }

  get status(): DaemonStatus {
    return this.current;
  }

  get busy(): boolean {
    return this.inFlight !== null;
  }

  /** Why a new run cannot start now (for skip records). */
  get busyReason(): string {
    return this.stuckSince ? `the previous run is stuck (past its deadline since ${this.stuckSince.toISOString()})` : 'the previous run is still in progress';
  }

  health(): HealthReport {
    return evaluateHealth(this.current, this.opts.clock.now(), this.opts.health);
  }

  /**
   * Runs one tick unless one is in flight (then records a skip). Never throws. A tick past its
   * deadline is told to start no more actions and recorded as failed at once (health turns
   * unhealthy), while it stays in flight until whatever it waits for returns: later ticks are
   * skipped meanwhile, and a skip says the previous run is stuck.
   */
  async tick(req: TickRequest): Promise<TickResult> {
    if (this.inFlight) return this.skip(req.trigger, this.busyReason, 'lock.held');
    const deadline = new AbortController();
    const signal = req.signal ? AbortSignal.any([req.signal, deadline.signal]) : deadline.signal;
    const startedAt = this.opts.clock.now();
    const run = runTick(this.opts, { ...req, signal, onView: (view) => (this.current = { ...this.current, view }) });
    this.inFlight = run;
    let timer: NodeJS.Timeout | undefined;
    const limit = this.opts.runDeadlineMs;
    const late = limit === undefined ? null : new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), limit)));
    try {
      const first = late ? await Promise.race([run, late]) : await run;
      if (first !== 'late') {
        this.inFlight = null;
        return this.record(first);
      }
      deadline.abort();
      this.stuckSince = this.opts.clock.now();
      void run.finally(() => {
        this.inFlight = null;
        this.stuckSince = null;
      });
      const seconds = Math.round(limit! / 1000);
      return this.record({
        trigger: req.trigger,
        startedAt,
        finishedAt: this.opts.clock.now(),
        result: 'failure',
        code: 'daemon.run-timeout',
        disposition: 'stalled',
        message: `the run did not finish within its deadline (${seconds} s, --run-timeout); it starts no more actions, and later runs are skipped until it returns. Check what it waits for (a material command? a provider endpoint?)`,
        outcomes: [],
        heldBack: 0,
        view: null,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** When the run in flight passed its deadline; null otherwise. */
  private stuckSince: Date | null = null;

  /** A run that never started (another replica or a pipeline holds the lock; an overlap). */
  skip(trigger: Trigger, message: string, code: DiagnosticCode = 'lock.held'): TickResult {
    const now = this.opts.clock.now();
    return this.record({ trigger, startedAt: now, finishedAt: now, result: 'skipped', code, message, outcomes: [], heldBack: 0, view: null });
  }

  /** Resolves once no tick is in flight. */
  async idle(): Promise<void> {
    await this.inFlight?.catch(() => undefined);
  }

  /**
   * Delay before a retry of the run just recorded, or null: only after a transient failure while
   * some material is due (inside its window, expired, PendingImport, or unknown), within the
   * retry budget, and only when it fits before the next scheduled run.
   */
  retryAfter(run: TickResult, msToNextRun: number | null): number | null {
    if (run.result !== 'failure' || run.disposition !== 'transient' || !this.somethingDue()) return null;
    const delay = retryDelay(this.retryAttempt, msToNextRun, this.opts.retry, this.opts.random);
    if (delay !== null) this.retryAttempt++;
    return delay;
  }

  private somethingDue(): boolean {
    const view = this.current.view;
    if (!view) return true;
    const now = this.opts.clock.now();
    return view.materials.some((m) => dueReason(m, now) !== null);
  }

  /** The one place a run's result lands: status, counters, the summary log line. */
  private record(run: TickResult): TickResult {
    const s = this.current;
    const manifest = this.opts.manifest;
    const problem = manifest.problem;
    this.current = {
      ...s,
      lastRun: run.result === 'skipped' ? s.lastRun : run,
      lastSuccessAt: run.result === 'success' ? run.finishedAt : s.lastSuccessAt,
      consecutiveFailures: run.result === 'success' ? 0 : run.result === 'failure' ? s.consecutiveFailures + 1 : s.consecutiveFailures,
      view: run.view ?? s.view,
      manifest: { valid: problem === null && manifest.lastGood !== null, digest: manifest.lastGood?.digest ?? null, problem },
    };
    if (run.trigger !== 'retry') this.retryAttempt = 0;
    this.metrics.countRun(run);
    const counts = { applied: 0, failed: 0, skipped: 0 };
    for (const o of run.outcomes) counts[o.result]++;
    const fields = { trigger: run.trigger, result: run.result, code: run.code, disposition: run.disposition, ...counts, heldBack: run.heldBack, durationMs: run.finishedAt.getTime() - run.startedAt.getTime() };
    const level = run.result === 'failure' ? 'error' : 'info';
    this.opts.log[level](fields, `run ${run.result === 'skipped' ? 'skipped' : run.result === 'success' ? 'succeeded' : 'failed'}: ${run.message}`);
    return run;
  }
}
