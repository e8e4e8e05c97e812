import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/manifest/index.js';
import { parseTimeout } from '../../src/manifest/duration.js';

describe('parseDuration', () => {
  it.each([
    ['365d', 365 * 86_400_000],
    ['36h', 36 * 3_600_000],
    ['90m', 90 * 60_000],
    ['0d', 0],
    ['007d', 7 * 86_400_000],
  ])('%s -> %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(['', '1y', '30 days', '1.5d', '-1d', 'd', '10s', '1d2h', ' 1d', '1D', '9999999999d'])('rejects %j', (input) => {
    expect(parseDuration(input)).toBeNull();
  });
});

describe('formatDuration', () => {
  it.each([
    [365 * 86_400_000, '365d'],
    [36 * 3_600_000, '36h'],
    [24 * 3_600_000, '1d'],
    [90 * 60_000, '90m'],
    [0, '0m'],
    [30_000, '30s'],
    [1500, '1500ms'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips every manifest duration', () => {
    for (const s of ['1d', '7d', '30d', '365d', '1h', '23h', '1m', '59m']) expect(formatDuration(parseDuration(s)!)).toBe(s);
  });
});

describe('parseTimeout', () => {
  it('reads seconds and minutes', () => {
    expect(parseTimeout('30s')).toBe(30_000);
    expect(parseTimeout('2m')).toBe(120_000);
    expect(parseTimeout('2h')).toBeNull();
  });
});
