import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { describeProblem } from './manifest-source.js';
import type { TickResult } from './result.js';
import { dueReason, expiredReason, type ExpiryView } from './view.js';

/** The daemon's status, recorded in one place (Reconciler.record) at the end of every run. */
export interface DaemonStatus {
  startedAt: Date;
  /** The last run that was not skipped. */
  lastRun: TickResult | null;
  lastSuccessAt: Date | null;
  /** Failed runs since the last success (skipped runs neither add nor reset). */
  consecutiveFailures: number;
  /** The freshest key state any run read. */
  view: ExpiryView | null;
  manifest: { valid: boolean; digest: string | null; problem: Diagnostic[] | null };
}

export interface HealthReport {
  healthy: boolean;
  /** Why it is unhealthy (503). */
  reasons: string[];
  /** Worth knowing, not worth a restart: the daemon still renews with the last good manifest. */
  warnings: string[];
}

export interface HealthPolicy {
  /** Unhealthy once this many runs in a row failed. */
  failureThreshold: number;
}

/**
 * Unhealthy when the last `failureThreshold` runs failed, when a current material was inside its
 * renew-before window at the end of the last run (so that run did not renew it), when a material
 * has expired since, or when a current key is PendingImport. An invalid manifest is a warning:
 * a restart would only lose the last good manifest.
 */
export function evaluateHealth(status: DaemonStatus, now: Date, policy: HealthPolicy): HealthReport {
  const reasons: string[] = [];
  // A run stuck past its deadline holds the apply lock: nothing renews until it returns.
  if (status.lastRun?.code === 'daemon.run-timeout') reasons.push(`the last run passed its deadline: ${status.lastRun.message}`);
  else if (status.consecutiveFailures >= policy.failureThreshold) {
    const last = status.lastRun;
    reasons.push(`the last ${status.consecutiveFailures} runs failed${last ? ` (latest: ${last.code ?? 'internal'}: ${last.message})` : ''}`);
  }
  if (status.view) {
    // "Not renewed by the last run": judged when this process's last own run ended, on the freshest
    // read (a replica that lost the election reads too, but must not blame itself for a renewal the
    // winner may be applying right then). Expiry and PendingImport count whoever should have acted.
    const judgedAt = status.lastRun?.finishedAt ?? null;
    for (const m of status.view.materials) {
      const why = (judgedAt && dueReason(m, judgedAt)) || expiredReason(m, now);
      if (why) reasons.push(why);
    }
  }
  const warnings = status.manifest.problem ? [`manifest is invalid, running with the last good one (${status.manifest.digest ?? 'none'}): ${describeProblem(status.manifest.problem)}`] : [];
  return { healthy: reasons.length === 0, reasons, warnings };
}
