import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliWorkload, DEFAULT_HEAP_GROWING_PERCENT, heapFlags, heapGrowingPercent, PLAN_HEAP_GROWING_PERCENT } from '../../src/cli/heap-policy.js';

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

  it('a plan-only command collects at 50 %, unless BYOK_HEAP_GROWING_PERCENT says otherwise', () => {
    expect(PLAN_HEAP_GROWING_PERCENT).toBe(50);
    expect(heapGrowingPercent({}, 'plan')).toBe(50);
    expect(heapGrowingPercent({}, 'apply')).toBe(30);
    expect(heapGrowingPercent({ BYOK_HEAP_GROWING_PERCENT: '30' }, 'plan')).toBe(30);
    expect(heapGrowingPercent({ BYOK_HEAP_GROWING_PERCENT: '0' }, 'plan')).toBe(0);
    expect(heapGrowingPercent({ BYOK_HEAP_GROWING_PERCENT: 'abc' }, 'plan')).toBe(50);
    expect(heapFlags({}, 'plan')).toEqual(['--heap-growing-percent=50']);
  });

  it('tells a plan-only command line from one that may apply', () => {
    const plans = [['--plan'], ['--plan', '-f', 'keys.yaml'], ['-f', 'keys.yaml', '--plan', '--out', 'p.json'], ['plan', '-f', 'k.yaml']];
    for (const argv of plans) expect(cliWorkload(argv), argv.join(' ')).toBe('plan');
    const others = [[], ['--apply'], ['--apply', 'plan.json'], ['-f', 'k.yaml', '--apply', '--auto-approve'], ['--plan', '--apply'], ['daemon', '--plan'], ['sandbox'], ['apply', '--plan'], ['--version']];
    for (const argv of others) expect(cliWorkload(argv), argv.join(' ')).toBe('apply');
  });

  it('sets one flag, or none with 0', () => {
    expect(heapFlags({})).toEqual(['--heap-growing-percent=30']);
    expect(heapFlags({ BYOK_HEAP_GROWING_PERCENT: '0' })).toEqual([]);
  });

  it('bin/reconcile.js applies it before loading the CLI, and never from main() (tests, embedders)', () => {
    const bin = readFileSync(resolve(import.meta.dirname, '../../bin/reconcile.js'), 'utf8');
    expect(bin.indexOf('applyCliHeapPolicy(')).toBeGreaterThan(-1);
    expect(bin.indexOf('applyCliHeapPolicy(')).toBeLessThan(bin.indexOf("import('../dist/cli/main.js')"));
    expect(readFileSync(resolve(import.meta.dirname, '../../src/cli/main.ts'), 'utf8')).not.toMatch(/HeapPolicy/);
  });
});
