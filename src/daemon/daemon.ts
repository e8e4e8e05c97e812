import { setTimeout as sleep } from 'node:timers/promises';
import cron, { type Logger as CronLogger } from 'node-cron';
import type { Logger } from '../log.js';
import { LockCoordinator } from './coordinator.js';
import { Reconciler, type ReconcilerOptions } from './reconciler.js';
import type { TickResult } from './result.js';
import { startMetricsServer } from './server.js';

export interface DaemonOptions extends ReconcilerOptions {
  /** Cron expression, 5 or 6 fields (seconds first), evaluated in UTC. */
  schedule: string;
  /** node-cron's random delay before each scheduled run; with --once, a delay before the run. */
  jitterMs: number;
  once: boolean;
  /** null: no HTTP server (the default with --once). */
  metricsAddr: string | null;
  /** How long SIGTERM waits for the run in flight before giving up on it (exit 1). */
  stopTimeoutMs?: number;
}

export const DEFAULT_STOP_TIMEOUT_MS = 30_000;

/**
 * Runs the daemon until `stop` is aborted (SIGTERM/SIGINT): one run at start-up, then one per
 * cron fire (node-cron: no overlap, random delay, one replica elected per fire through the apply
 * lock), plus bounded backoff retries while a material is due. On stop: no new run is scheduled,
 * the action in flight finishes, the lock is released, the server closed; the exit code is 0.
 * With `once`: one run, exit 0 on success (or a skip because another apply holds the lock), 1 on failure.
 */
export async function runDaemon(opts: DaemonOptions, stop: AbortSignal): Promise<number> {
  const log = opts.log;
  const reconciler = new Reconciler(opts);
  if (opts.once) return runOnce(reconciler, opts, stop);

  let started = false;
  const server = opts.metricsAddr
    ? await startMetricsServer(opts.metricsAddr, { registry: reconciler.metrics.registry, health: () => reconciler.health(), ready: () => started })
    : null;
  if (server) log.info({ address: server.address }, `metrics and health on http://${server.address}/metrics and /healthz`);

  const coordinator = new LockCoordinator({ desired: () => opts.manifest.lastGood, open: opts.open, lock: opts.lock, busy: () => reconciler.busy, busyReason: () => reconciler.busyReason, log });
  let retryTimer: NodeJS.Timeout | undefined;
  const task = cron.schedule(
    opts.schedule,
    async () => followUp(await reconciler.tick({ trigger: 'scheduled', lease: coordinator.lease, signal: stop })),
    {
      name: `byok-reconcile:${opts.manifest.lastGood?.name ?? 'manifest'}`,
      timezone: 'UTC',
      noOverlap: true,
      distributed: true,
      runCoordinator: coordinator,
      maxRandomDelay: opts.jitterMs,
      logger: cronLogger(log),
    },
  );
  task.on('execution:skipped', (ctx) => {
    const why = coordinator.refusal ?? `not elected (${ctx.reason ?? 'unknown'})`;
    // Lost to another replica or a pipeline: read the state anyway (metrics, health); busy: just record.
    if (coordinator.refusedForLock && !stop.aborted) void reconciler.tick({ trigger: 'scheduled', observeOnly: why });
    else reconciler.skip('scheduled', why);
  });
  task.on('execution:overlap', () => void reconciler.skip('scheduled', reconciler.busyReason));

  function followUp(run: TickResult): void {
    if (stop.aborted) return;
    const delay = reconciler.retryAfter(run, task.msToNext());
    if (delay === null) return;
    log.info({ retryInMs: delay }, `a material is due and the run failed transiently: retrying in ${Math.round(delay / 1000)} s`);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void reconciler.tick({ trigger: 'retry', signal: stop }).then(followUp), delay);
  }

  log.info({ schedule: opts.schedule, scope: opts.scope, jitterMs: opts.jitterMs, next: task.getNextRun()?.toISOString() }, 'daemon started');
  const stopped = new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
  const first = reconciler.tick({ trigger: 'start', signal: stop }).then((run) => {
    started = true;
    followUp(run);
  });

  await stopped;
  log.info({}, 'stopping: no new runs; waiting for the action in flight');
  await task.destroy();
  clearTimeout(retryTimer);
  const grace = opts.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
  const drained = await withinMs(
    (async () => {
      await first;
      await reconciler.idle();
      await coordinator.close();
    })(),
    grace,
  );
  await server?.close();
  if (!drained) {
    // A run stuck in something that ignores the stop (a hung read): exit anyway. The file lock
    // names this pid, so the next process sees it dead and takes the lock over.
    log.error({ stopTimeoutMs: grace }, `stopped without waiting any longer: the run in flight did not finish within ${Math.round(grace / 1000)} s of the stop signal`);
    return 1;
  }
  log.info({}, 'stopped');
  return 0;
}

async function withinMs(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function runOnce(reconciler: Reconciler, opts: DaemonOptions, stop: AbortSignal): Promise<number> {
  if (opts.jitterMs > 0) await sleep(Math.floor(opts.random() * opts.jitterMs), undefined, { signal: stop }).catch(() => undefined);
  if (stop.aborted) return 0;
  const run = await reconciler.tick({ trigger: 'once', signal: stop });
  if (stop.aborted) return run.code === 'daemon.run-timeout' ? 1 : 0;
  return run.result === 'failure' ? 1 : 0;
}

function cronLogger(log: Logger): CronLogger {
  const text = (m: string | Error) => (m instanceof Error ? m.message : m);
  return {
    info: (m) => log.debug({ source: 'node-cron' }, m),
    warn: (m) => log.warn({ source: 'node-cron' }, m),
    error: (m, err) => log.error({ source: 'node-cron', err: err?.message }, text(m)),
    debug: (m) => log.debug({ source: 'node-cron' }, text(m)),
  };
}
