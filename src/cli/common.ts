import { formatDiagnostic, UserError, error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { ProviderError } from '../providers/port.js';
import { createLogger, type LogFormat, type Logger } from '../log.js';
import type { CliIO } from './io.js';

export function printDiagnostics(io: CliIO, diags: readonly Diagnostic[]): void {
  for (const d of diags) io.stderr(`${formatDiagnostic(d)}\n`);
}

/**
 * Turns any failure into user-facing lines and exit code 1. User mistakes and provider errors
 * never show a stack trace; unexpected errors show one only with BYOK_DEBUG=1.
 */
export function reportFailure(io: CliIO, e: unknown): number {
  if (e instanceof UserError) printDiagnostics(io, e.diagnostics);
  else if (e instanceof ProviderError) io.stderr(`${formatDiagnostic(error(e.code, `${e.providerCode}: ${e.message}`))}\n`);
  else {
    const msg = e instanceof Error ? e.message : String(e);
    io.stderr(`error[internal]: ${msg}\n`);
    if (io.env.BYOK_DEBUG && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
  }
  return 1;
}

export function usage(summary: string, detail: string): UserError {
  return new UserError(error('cli.usage', summary, { detail }));
}

export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw usage(`${flag}: "${value}" is not one of ${allowed.join(', ')}`, `Use ${flag} ${allowed.join('|')}.`);
}

/** JSON log lines when stderr is not a terminal or when asked; short lines on a TTY. */
export function loggerFor(io: CliIO, flag: string | undefined): Logger {
  const format = oneOf<LogFormat>('--log-format', flag, ['json', 'text', 'silent'], io.isTTY ? 'text' : 'json');
  return createLogger(format, (line) => io.stderr(line.endsWith('\n') ? line : `${line}\n`));
}
