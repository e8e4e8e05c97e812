import { pino, type Logger as PinoLogger } from 'pino';

/**
 * The log surface the engine and daemon use (a subset of pino's). Log records carry identifiers
 * (key ids, ARNs, action ids), never key material, import tokens or wrapped material.
 */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  child(bindings: object): Logger;
}

export type LogFormat = 'json' | 'text' | 'silent';

/**
 * JSON lines (pino) when not a TTY or when asked; on a TTY, short human lines. Both to stderr,
 * so stdout stays the plan/report/JSON a pipeline consumes.
 */
export function createLogger(format: LogFormat, write: (line: string) => void, level = 'info'): Logger {
  if (format === 'silent') return pino({ level: 'silent' }) as PinoLogger;
  if (format === 'json') return pino({ level, base: { name: 'byok-reconciler' } }, { write }) as PinoLogger;
  return pino(
    { level, base: undefined, timestamp: false },
    {
      write(line: string) {
        const rec = JSON.parse(line) as Record<string, unknown>;
        const mark = Number(rec.level) >= 50 ? '✗ ' : Number(rec.level) >= 40 ? '! ' : '  ';
        write(`${mark}${String(rec.msg ?? '')}\n`);
      },
    },
  ) as PinoLogger;
}
