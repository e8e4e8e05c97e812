import { describe, expect, it } from 'vitest';
import { DEFAULT_HEAP_GROWING_PERCENT, heapFlags, heapGrowingPercent } from '../../src/cli/heap-policy.js';

describe('heap policy of the CLI process', () => {
  it('collects at 30 % past live unless BYOK_HEAP_GROWING_PERCENT says otherwise; 0 keeps V8 policy', () => {
    expect(heapGrowingPercent({})).toBe(DEFAULT_HEAP_GROWING_PERCENT);
    expect(DEFAULT_HEAP_GROWING_PERCENT).toBe(30);
    expect(heapGrowingPercent({ BYOK_HEAP_GROWING_PERCENT: '0' })).toBe(0);
    expect(heapGrowingPercent({ BYOK_HEAP_GROWING_PERCENT: '75' })).toBe(75);
  });

  it('ignores values that are not a whole percentage', () => {
    for (const v of ['', ' ', 'abc', '-5', '2.5', '100000']) expect(heapGrowingPercent({ BYOK_HEAP_GROWING_PERCENT: v }), v).toBe(DEFAULT_HEAP_GROWING_PERCENT);
  });

  it('keeps the nursery at its starting size only for long runs (apply, daemon), and sets nothing with 0', () => {
    expect(heapFlags({}, false)).toEqual(['--heap-growing-percent=30']);
    expect(heapFlags({}, true)).toEqual(['--heap-growing-percent=30', '--semi-space-growth-factor=1']);
    expect(heapFlags({ BYOK_HEAP_GROWING_PERCENT: '0' }, true)).toEqual([]);
  });
});
