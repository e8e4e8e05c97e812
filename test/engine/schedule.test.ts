import { describe, expect, it } from 'vitest';
import type { Action, ActionOutcome } from '../../src/core/types.js';
import { runScheduled } from '../../src/engine/schedule.js';

const action = (id: string, dependsOn: string[] = [], provider = 'p'): Action =>
  ({ id, kind: 'tag-key', provider, target: id, reason: '', destructive: false, dependsOn, key: { keyId: id }, tags: {} }) as Action;

async function schedule(actions: Action[], opts: { limit?: number; fail?: Set<string>; abortAfter?: string } = {}) {
  const order: string[] = [];
  const outcomes = new Map<string, ActionOutcome>();
  const running = new Map<string, number>();
  let peak = 0;
  const ac = new AbortController();
  await runScheduled(actions, {
    limit: opts.limit ?? 4,
    signal: ac.signal,
    run: async (a) => {
      running.set(a.provider, (running.get(a.provider) ?? 0) + 1);
      peak = Math.max(peak, running.get(a.provider)!);
      order.push(a.id);
      await new Promise((r) => setImmediate(r));
      running.set(a.provider, running.get(a.provider)! - 1);
      if (opts.abortAfter === a.id) ac.abort();
      return { id: a.id, kind: a.kind, target: a.target, result: opts.fail?.has(a.id) ? 'failed' : 'applied' };
    },
    record: (o) => outcomes.set(o.id, o),
  });
  return { order, outcomes, peak, result: (id: string) => outcomes.get(id)?.result };
}

describe('the apply scheduler', () => {
  it('starts an action only after everything it depends on applied', async () => {
    const { order } = await schedule([action('alias', ['import']), action('import', ['create']), action('create'), action('other')]);
    expect(order.indexOf('create')).toBeLessThan(order.indexOf('import'));
    expect(order.indexOf('import')).toBeLessThan(order.indexOf('alias'));
    expect(order).toHaveLength(4);
  });

  it('skips dependants of a failure transitively and goes on with unrelated work', async () => {
    const s = await schedule([action('create'), action('import', ['create']), action('alias', ['import']), action('bucket', ['import', 'other']), action('other')], { fail: new Set(['create']) });
    expect(['create', 'import', 'alias', 'bucket', 'other'].map(s.result)).toEqual(['failed', 'skipped', 'skipped', 'skipped', 'applied']);
    expect(s.outcomes.get('alias')!.message).toMatch(/depends on import, which was skipped/);
    expect(s.outcomes.get('import')!.message).toMatch(/depends on create, which failed/);
  });

  it('keeps at most `limit` actions in flight per provider', async () => {
    const many = Array.from({ length: 50 }, (_, i) => action(`a${i}`, [], i % 2 ? 'p' : 'q'));
    const s = await schedule(many, { limit: 3 });
    expect(s.peak).toBe(3);
    expect(s.outcomes.size).toBe(50);
  });

  it('starts nothing new once aborted and reports the rest skipped', async () => {
    const chain = Array.from({ length: 6 }, (_, i) => action(`c${i}`, i ? [`c${i - 1}`] : []));
    const s = await schedule(chain, { abortAfter: 'c2' });
    expect(s.order).toEqual(['c0', 'c1', 'c2']);
    expect(['c3', 'c4', 'c5'].map((id) => s.outcomes.get(id)?.code)).toEqual(['apply.interrupted', 'apply.interrupted', 'apply.interrupted']);
  });

  it('never hangs on a dependency cycle', async () => {
    const s = await schedule([action('x', ['y']), action('y', ['x']), action('free')]);
    expect([s.result('x'), s.result('y'), s.result('free')]).toEqual(['skipped', 'skipped', 'applied']);
  });

  it('handles a 10,000-key plan (40,000 actions in chains of four)', async () => {
    const actions = Array.from({ length: 10_000 }, (_, k) => ['create', 'import', 'alias', 'bucket'].map((step, i, steps) => action(`k${k}/${step}`, i ? [`k${k}/${steps[i - 1]}`] : []))).flat();
    const s = await schedule(actions, { limit: 16 });
    expect(s.outcomes.size).toBe(40_000);
    expect([...s.outcomes.values()].every((o) => o.result === 'applied')).toBe(true);
  }, 60_000);
});

describe('the apply scheduler runs key chains depth-first', () => {
  it('starts a key\'s next step before other keys\' first steps', async () => {
    const actions = ['a', 'b', 'c'].flatMap((k) => [action(`${k}/create`), action(`${k}/import`, [`${k}/create`]), action(`${k}/alias`, [`${k}/import`])]);
    const { order } = await schedule(actions, { limit: 1 });
    expect(order).toEqual(['a/create', 'a/import', 'a/alias', 'b/create', 'b/import', 'b/alias', 'c/create', 'c/import', 'c/alias']);
  });
});

