import { UserError, error } from '../diagnostics/diagnostic.js';

const RELATIVE = /^([+-])(\d+)([dhm])$/;
const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

/**
 * `--at` value: an ISO time, or `+30d` / `-2h` / `+90m` relative to `now`.
 * Returns null when absent.
 */
export function parseAt(value: string | undefined, now: Date): Date | null {
  if (value === undefined) return null;
  const rel = RELATIVE.exec(value);
  if (rel) {
    const [, sign, n, unit] = rel as unknown as [string, '+' | '-', string, keyof typeof UNIT_MS];
    const delta = Number(n) * UNIT_MS[unit];
    return new Date(now.getTime() + (sign === '+' ? delta : -delta));
  }
  const t = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && Number.isFinite(t)) return new Date(t);
  throw new UserError(
    error('cli.usage', `--at: cannot read "${value}" as a time`, {
      detail: 'Give an ISO time (2027-01-31T00:00:00Z) or an offset from now (+30d, +12h, -90m).',
    }),
  );
}
