import { DAY_MS } from '../specs.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * A duration for reasons and warnings, in the largest unit that divides it (`30 days`, `12 hours`),
 * else floored to whole days/hours/minutes. Always the same text for the same input.
 */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY_MS) return plural(Math.floor(abs / DAY_MS), 'day');
  if (abs >= HOUR_MS) return plural(Math.floor(abs / HOUR_MS), 'hour');
  return plural(Math.floor(abs / MINUTE_MS), 'minute');
}

/** Whole days from `now` until `validTo`, floored (negative once expired); null without a date. */
export function daysLeft(validTo: string | null, now: Date): number | null {
  if (validTo === null) return null;
  const t = Date.parse(validTo);
  if (Number.isNaN(t)) return null;
  return Math.floor((t - now.getTime()) / DAY_MS);
}

/** Milliseconds from `now` until an ISO time; null when absent or unparsable. */
export function msUntil(iso: string | null, now: Date): number | null {
  if (iso === null) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t - now.getTime();
}
