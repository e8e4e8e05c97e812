import type { ActionOutcome, ApplyReport } from '../core/types.js';
import type { CliIO } from './io.js';

/**
 * Apply progress on a terminal: one line, redrawn in place, with n/total, elapsed time and an
 * estimate; log lines (warnings, failures) print above it. Off when stderr is not a terminal or
 * JSON logs were asked for: pipelines get the JSON lines only.
 */
export interface Progress {
  readonly active: boolean;
  /** Where log lines go: above the progress line. */
  write(text: string): void;
  tick(outcome: ActionOutcome): void;
  done(): void;
}

const CLEAR = '\r\u001b[2K';
const REDRAW_MS = 100;

export function createProgress(io: CliIO, total: number, logFormat: string | undefined, now: () => number = Date.now): Progress {
  const active = Boolean(io.errIsTTY) && total > 0 && logFormat !== 'json';
  const start = now();
  let finished = 0;
  let shown = '';
  let lastDraw = 0;
  const draw = (force: boolean) => {
    const t = now();
    if (!force && t - lastDraw < REDRAW_MS) return;
    lastDraw = t;
    shown = progressLine(finished, total, t - start);
    io.stderr(`${CLEAR}${shown}`);
  };
  return {
    active,
    write(text) {
      if (!active || shown === '') return io.stderr(text);
      io.stderr(`${CLEAR}${text}${text.endsWith('\n') ? '' : '\n'}${shown}`);
    },
    tick() {
      finished++;
      if (active) draw(finished === total);
    },
    done() {
      if (active && shown !== '') io.stderr(`${CLEAR}${progressLine(finished, total, now() - start)}\n`);
      shown = '';
    },
  };
}

/** `[37/200] 18% · 12s elapsed · about 52s left` (the estimate assumes the pace so far holds). */
export function progressLine(finished: number, total: number, elapsedMs: number): string {
  const pct = total === 0 ? 100 : Math.floor((finished / total) * 100);
  const head = `[${finished}/${total}] ${pct}% · ${duration(elapsedMs)} elapsed`;
  if (finished === 0 || finished >= total) return head;
  return `${head} · about ${duration((elapsedMs / finished) * (total - finished))} left`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export interface Interrupt {
  readonly signal: AbortSignal;
  dispose(): void;
}

/** Ctrl-C during an apply: start nothing new, let actions in flight finish (the caller reports, exits 130). */
export function onInterrupt(io: CliIO, source: NodeJS.EventEmitter = process): Interrupt {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) return;
    io.stderr(`${CLEAR}Interrupted: starting no new action; finishing the ones in flight, then releasing the lock...\n`);
    controller.abort(new Error('interrupted'));
  };
  source.on('SIGINT', handler);
  return { signal: controller.signal, dispose: () => void source.off('SIGINT', handler) };
}

export function interruptedSummary(report: ApplyReport, file: string): string {
  const f = file === 'keys.yaml' ? '' : ` -f ${file}`;
  return (
    `Interrupted: ${report.applied} applied, ${report.failed} failed, ${report.skipped} not started (listed above as skipped).\n` +
    `The lock is released. Run \`reconcile --plan${f}\` to see what remains; \`reconcile --apply${f}\` finishes it.\n`
  );
}
