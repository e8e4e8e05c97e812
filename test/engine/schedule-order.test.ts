import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/core/types.js';
import { runScheduled } from '../../src/engine/schedule.js';

const action = (id: string, dependsOn: string[] = []): Action =>
  ({ id, kind: 'tag-key', provider: 'p', target: id, reason: '', destructive: false, dependsOn, key: { keyId: id }, tags: {} }) as Action;

describe('the apply scheduler, ready order', () => {
  it("starts the earliest ready action in plan order, so a key's import overtakes later keys' creates", async () => {
    // Plan order per key: create, import. Every create is ready at once; an import becomes ready later.
    const plan = [1, 2, 3, 4].flatMap((k) => [action(`c${k}`), action(`i${k}`, [`c${k}`])]);
    const order: string[] = [];
    await runScheduled(plan, {
      limit: 1,
      run: async (a) => {
        order.push(a.id);
        await new Promise((r) => setImmediate(r));
        return { id: a.id, kind: a.kind, target: a.target, result: 'applied' };
      },
      record: () => undefined,
    });
    // A FIFO of ready actions would give c1 c2 c3 c4 i1 i2 i3 i4: all creates before any import.
    expect(order).toEqual(['c1', 'i1', 'c2', 'i2', 'c3', 'i3', 'c4', 'i4']);
  });
});
