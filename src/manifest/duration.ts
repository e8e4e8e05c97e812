/**
 * Manifest durations: `<n>d`, `<n>h`, `<n>m`. Whole units only, so that a duration written in the
 * manifest round-trips through `formatDuration` unchanged.
 */
const DURATION = /^(\d{1,9})([dhm])$/;
const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

/** Milliseconds, or null when `s` is not a duration. `0d` is a valid (zero) duration. */
export function parseDuration(s: string): number | null {
  const m = DURATION.exec(s);
  if (!m) return null;
  const [, n, unit] = m as unknown as [string, string, keyof typeof UNIT_MS];
  const ms = Number(n) * UNIT_MS[unit];
  return Number.isSafeInteger(ms) ? ms : null;
}

/** The shortest exact spelling: `30d`, `36h`, `90m`; sub-minute values fall back to `s`/`ms`. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  for (const unit of ['d', 'h', 'm'] as const) {
    if (abs >= UNIT_MS[unit] && abs % UNIT_MS[unit] === 0) return `${sign}${abs / UNIT_MS[unit]}${unit}`;
  }
  if (abs === 0) return '0m';
  if (abs % 1000 === 0) return `${sign}${abs / 1000}s`;
  return `${sign}${abs}ms`;
}

const TIMEOUT = /^(\d{1,4})([sm])$/;

/** Command timeouts (`30s`, `2m`) in milliseconds, or null. */
export function parseTimeout(s: string): number | null {
  const m = TIMEOUT.exec(s);
  if (!m) return null;
  return Number(m[1]) * (m[2] === 'm' ? 60_000 : 1000);
}
