import type { Action } from '../types.js';
import { MinHeap } from '../min-heap.js';

/**
 * Orders actions so every dependency comes first, otherwise keeping the grouped order (keys in
 * manifest order, each key's steps in sequence). Needed because a key's retirement may wait for a
 * move planned in another key's group (an alias of key B that still points at key A's old key).
 * Kahn's algorithm with the smallest original position first: O(n log n), deterministic.
 * Dependencies are then listed in plan order, deduplicated.
 */
export function dependencyOrder(actions: readonly Action[]): Action[] {
  const index = new Map(actions.map((a, i) => [a.id, i]));
  const waiting = actions.map(() => 0);
  const dependents: number[][] = actions.map(() => []);
  actions.forEach((a, i) => {
    for (const d of new Set(a.dependsOn)) {
      const j = index.get(d);
      if (j === undefined) continue;
      waiting[i]! += 1;
      dependents[j]!.push(i);
    }
  });
  const heap = new MinHeap();
  waiting.forEach((n, i) => n === 0 && heap.push(i));
  const out: number[] = [];
  for (let i = heap.pop(); i !== undefined; i = heap.pop()) {
    out.push(i);
    for (const j of dependents[i]!) if (--waiting[j]! === 0) heap.push(j);
  }
  // The planner never builds cycles; if one slipped in, keep every action rather than drop some.
  if (out.length < actions.length) actions.forEach((_, i) => waiting[i]! > 0 && out.push(i));
  const pos = new Map(out.map((i, p) => [actions[i]!.id, p]));
  return out.map((i) => {
    const a = actions[i]!;
    const dependsOn = [...new Set(a.dependsOn)].sort((x, y) => (pos.get(x) ?? -1) - (pos.get(y) ?? -1));
    // Nearly always already so (a key's steps are planned in order): then the action is kept as it
    // is, not copied (30,000 copies for a first plan of 10,000 keys).
    return sameList(dependsOn, a.dependsOn) ? a : { ...a, dependsOn };
  });
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
