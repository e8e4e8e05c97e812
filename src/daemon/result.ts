import type { ActionOutcome } from '../core/types.js';
import type { DaemonDisposition, DiagnosticCode } from '../diagnostics/codes.js';
import type { ExpiryView } from './view.js';

export type RunResult = 'success' | 'failure' | 'skipped';

/** What started a run: the cron schedule, a backoff retry, the start-up run, or `--once`. */
export type Trigger = 'scheduled' | 'retry' | 'start' | 'once';

/**
 * The outcome of one tick, built as a value and recorded in exactly one place
 * (Reconciler.record): status, metrics and the summary log line all derive from it.
 */
export interface TickResult {
  trigger: Trigger;
  startedAt: Date;
  finishedAt: Date;
  result: RunResult;
  /** One line for logs and health; never material. */
  message: string;
  /** For failures and skips: the code that decided the result. */
  code?: DiagnosticCode;
  /** For failures: what the loop should do next (transient failures are retried with backoff). */
  disposition?: DaemonDisposition;
  outcomes: ActionOutcome[];
  /** Actions of the plan the scope held back. */
  heldBack: number;
  /** The key state read by this tick (after its apply, when it applied anything); null when it could not read it. */
  view: ExpiryView | null;
}

/** How the daemon treats a set of failure codes: transient wins (retry soon), then waiting, then stalled. */
export function dispositionOfAll(dispositions: readonly DaemonDisposition[]): DaemonDisposition | undefined {
  for (const d of ['transient', 'waiting', 'stalled'] as const) if (dispositions.includes(d)) return d;
  return undefined;
}
