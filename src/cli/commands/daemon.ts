import { randomInt } from 'node:crypto';
import cron from 'node-cron';
import type { DesiredState } from '../../core/types.js';
import { formatDiagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { clockAt, loadDesired, lockScope, openSession, refuseAtForRealApply } from '../../engine/session.js';
import { DEFAULT_STOP_TIMEOUT_MS, runDaemon } from '../../daemon/daemon.js';
import { ManifestSource } from '../../daemon/manifest-source.js';
import { DEFAULT_RETRY } from '../../daemon/retry.js';
import { SCOPES } from '../../daemon/scope.js';
import { parseAddr } from '../../daemon/server.js';
import type { Logger } from '../../log.js';
import type { Provider } from '../../providers/port.js';
import { parseAt } from '../at.js';
import { parseFor, usageError } from '../args.js';
import { reportFailure } from '../boundary.js';
import { loggerFor, oneOf } from '../common.js';
import type { CliIO } from '../io.js';
import { SPECS, helpText } from '../specs.js';

export const DEFAULT_SCHEDULE = '*/15 * * * *';
export const DEFAULT_METRICS_ADDR = '127.0.0.1:9464';
const DEFAULT_JITTER_S = 30;

const usage = (summary: string, detail: string) => usageError(SPECS.daemon, summary, detail);
/** A run of 10,000 renewals takes minutes; one still going after this is stuck. */
const DEFAULT_RUN_TIMEOUT_S = 1800;

/** `reconcile daemon`: parses flags, loads the manifest once (invalid at start-up: exit 1), runs until SIGTERM/SIGINT. */
export async function daemonCommand(argv: string[], io: CliIO): Promise<number> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  try {
    const { values, help } = parseFor(SPECS.daemon, argv);
    if (help) return io.stdout(helpText(SPECS.daemon)), 0;
    const scope = oneOf('--scope', values.scope, SCOPES, 'renew');
    const schedule = values.schedule ?? DEFAULT_SCHEDULE;
    if (!cron.validate(schedule)) throw usage(`--schedule: "${schedule}" is not a cron expression`, 'Five fields (minute hour day month weekday), or six with seconds first, in UTC; e.g. "*/15 * * * *".');
    const jitterS = count('--jitter', values.jitter ?? (values.once ? '0' : String(DEFAULT_JITTER_S)));
    const threshold = count('--unhealthy-after', values['unhealthy-after'] ?? '3');
    if (threshold < 1) throw usage('--unhealthy-after must be at least 1', 'Give a whole number of failed runs, 1 or more.');
    const runTimeoutS = count('--run-timeout', values['run-timeout'] ?? String(DEFAULT_RUN_TIMEOUT_S));
    const stopTimeoutS = count('--stop-timeout', values['stop-timeout'] ?? String(DEFAULT_STOP_TIMEOUT_MS / 1000));
    if (runTimeoutS < 1) throw usage('--run-timeout must be at least 1 second', 'Give the deadline of one run in whole seconds, e.g. 1800.');
    const metricsAddr = values['metrics-addr'] ?? (values.once ? null : DEFAULT_METRICS_ADDR);
    if (metricsAddr !== null) parseAddr(metricsAddr);
    const at = parseAt(values.at, new Date());
    const log = loggerFor(io, values['log-format']);

    const load = manifestLoader(values.file ?? 'keys.yaml', io, log);
    const initial = await load();
    refuseAtForRealApply(initial, at);
    const clock = clockAt(at);
    const owner = `reconcile daemon (pid ${process.pid})`;

    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    return await runDaemon(
      {
        manifest: new ManifestSource(load, initial),
        // Against `local`, --at is simulated time: each session starts from the daemon's clock.
        open: (desired: DesiredState) => openSession(desired, at ? clock.now() : null),
        lock: (desired: DesiredState, providers: Map<string, Provider>) => lockScope(desired, owner, providers),
        clock,
        log,
        scope,
        health: { failureThreshold: threshold },
        retry: DEFAULT_RETRY,
        random: () => randomInt(0, 1 << 30) / (1 << 30),
        processMetrics: true,
        runDeadlineMs: runTimeoutS * 1000,
        stopTimeoutMs: stopTimeoutS * 1000,
        schedule,
        jitterMs: jitterS * 1000,
        once: values.once ?? false,
        metricsAddr,
      },
      stop.signal,
    );
  } catch (e) {
    return reportFailure(io, e);
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    // Once the daemon is done, nothing it started may keep the process alive (a run stuck past its
    // deadline or the stop timeout): exit shortly after, unless the process ends on its own first.
    setTimeout(() => process.exit(), 500).unref();
  }
}

function count(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw usage(`${flag}: "${value}" is not a whole number`, `Give ${flag} a whole number.`);
  return Number(value);
}

/**
 * Loads and validates the manifest; manifest warnings are logged when they change, not every tick.
 * The first load's errors reach the user as diagnostics (exit 1); later ones keep the last good manifest.
 */
function manifestLoader(file: string, io: CliIO, log: Logger): () => Promise<DesiredState> {
  let seen = '';
  return async () => {
    const { desired, warnings } = await loadDesired(file, io.cwd, io.env);
    const text = warnings.map((d: Diagnostic) => formatDiagnostic(d)).join('\n');
    if (text !== seen) for (const d of warnings) log.warn({ code: d.code, path: d.path }, d.summary);
    seen = text;
    return desired;
  };
}
