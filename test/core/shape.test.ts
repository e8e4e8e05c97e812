import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { Action, ActionOutcome } from '../../src/core/types.js';
import { outcomeOf, skip } from '../../src/engine/schedule.js';
import { alias, desiredKey, desiredState, KCV_B, liveKey, liveState } from './fixtures.js';
import { run } from './helpers.js';

// V8's own answer to "do these two objects have the same hidden class": %HaveSameMap, which code
// compiled after this flag may call. The flag only allows the syntax; it changes nothing else.
setFlagsFromString('--allow-natives-syntax');
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** How many objects in `xs` do not share the first one's hidden class. */
function outliers(xs: readonly object[]): number {
  return xs.filter((x) => !haveSameMap(x, xs[0]!)).length;
}

// Enough objects for V8 to optimise the code that makes them (the per-object classes appear then).
const N = 400;

describe('hidden classes of the objects a large run keeps', () => {
  it('the probe sees the V8 behaviour this guards against: spreading then adding gives each object its own class', () => {
    // If this fails, V8 stopped doing it and the lint rule can go; the tests below would then pass vacuously.
    const made = Array.from({ length: N }, (_, i) => {
      const common = { provider: 'p', keyName: `k${i}`, destructive: false };
      return { ...common, id: `k${i}/x`, kind: 'tag-key' };
    });
    expect(outliers(made)).toBeGreaterThan(N / 2);
    // The forms the planner uses instead: written out whole, or the spread last.
    const whole = Array.from({ length: N }, (_, i) => ({ provider: 'p', keyName: `k${i}`, destructive: false, id: `k${i}/x`, kind: 'tag-key' }));
    const last = Array.from({ length: N }, (_, i) => ({ id: `k${i}/x`, kind: 'tag-key', ...{ provider: 'p', keyName: `k${i}`, destructive: false } }));
    expect([outliers(whole), outliers(last)]).toEqual([0, 0]);
  });

  it('planned actions of one kind share one hidden class (a first plan of many keys)', () => {
    const keys = Array.from({ length: N }, (_, i) => desiredKey({ name: `k${i}`, aliases: [`alias/k${i}`] }));
    const doc = run(desiredState(keys, []), liveState([]));
    const byKind = new Map<string, Action[]>();
    for (const a of doc.actions) byKind.set(a.kind, [...(byKind.get(a.kind) ?? []), a]);
    expect([...byKind.keys()].sort()).toEqual(['create-alias', 'create-key', 'import-material']);
    for (const [kind, actions] of byKind) {
      expect(actions, kind).toHaveLength(N);
      expect(outliers(actions), kind).toBe(0);
    }
  });

  it('so do the actions of a rotation of every key (new generation, alias moved, cut-over stamp)', () => {
    const keys = Array.from({ length: N }, (_, i) => desiredKey({ name: `k${i}`, aliases: [`alias/k${i}`], kcv: KCV_B }));
    const live = liveState(
      keys.map((k, i) => liveKey(`key-${i}`, 1, { keyName: k.name })),
      keys.map((k, i) => alias(k.aliases[0]!, `key-${i}`)),
    );
    const doc = run(desiredState(keys, []), live);
    const byKind = new Map<string, Action[]>();
    for (const a of doc.actions) byKind.set(a.kind, [...(byKind.get(a.kind) ?? []), a]);
    expect([...byKind.keys()].sort()).toEqual(['create-key', 'import-material', 'tag-key', 'update-alias']);
    for (const [kind, actions] of byKind) expect(outliers(actions), kind).toBe(0);
  });

  it('apply outcomes share one hidden class per result, in the order id, kind, target, keyName, result, details', () => {
    const action = (i: number): Action =>
      ({ id: `k${i}/g1/create-key`, kind: 'create-key', provider: 'p', keyName: `k${i}`, target: `k${i} generation 1`, reason: '', destructive: false, dependsOn: [] }) as unknown as Action;
    const applied: ActionOutcome[] = [];
    const failed: ActionOutcome[] = [];
    const skipped: ActionOutcome[] = [];
    for (let i = 0; i < N; i++) {
      applied.push(outcomeOf(action(i), 'applied', { keyId: `key-${i}` }));
      failed.push(outcomeOf(action(i), 'failed', { code: 'internal', message: 'boom' }));
      skipped.push(skip(action(i), 'depends on x, which failed', 'apply.dependency-failed'));
    }
    expect([outliers(applied), outliers(failed), outliers(skipped)]).toEqual([0, 0, 0]);
    expect(Object.keys(applied[3]!)).toEqual(['id', 'kind', 'target', 'keyName', 'result', 'keyId']);
    expect(skipped[3]).toEqual({ id: 'k3/g1/create-key', kind: 'create-key', target: 'k3 generation 1', keyName: 'k3', result: 'skipped', code: 'apply.dependency-failed', message: 'depends on x, which failed' });
    const noName = outcomeOf({ ...action(1), keyName: undefined } as unknown as Action, 'applied');
    expect(Object.keys(noName)).toEqual(['id', 'kind', 'target', 'result']);
  });
});
