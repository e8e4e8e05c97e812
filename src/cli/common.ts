import { UserError, error } from '../diagnostics/diagnostic.js';
import { createLogger, type LogFormat, type Logger } from '../log.js';
import type { CliIO } from './io.js';

export function usage(summary: string, detail: string): UserError {
  return new UserError(error('cli.usage', summary, { detail }));
}

export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw usage(`${flag}: "${value}" is not one of ${allowed.join(', ')}`, `Use ${flag} ${allowed.join('|')}.`);
}

/** Logs go to stderr, so their format follows stderr: short lines on a terminal, JSON lines otherwise. */
export function loggerFor(io: CliIO, flag: string | undefined, level = 'info'): Logger {
  const format = oneOf<LogFormat>('--log-format', flag, ['json', 'text', 'silent'], io.errIsTTY ? 'text' : 'json');
  return createLogger(format, (line) => io.stderr(line.endsWith('\n') ? line : `${line}\n`), level);
}
