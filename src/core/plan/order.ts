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
    for (const d of distinct(a.dependsOn)) {
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
    // Nearly always already so (a key's steps are planned in order): then the action is kept as it is.
    if (inOrder(a.dependsOn, pos)) return a;
    // Replaces a field the action already has: the copy keeps the action's hidden class.
    // eslint-disable-next-line no-restricted-syntax
    return { ...a, dependsOn: [...distinct(a.dependsOn)].sort((x, y) => (pos.get(x) ?? -1) - (pos.get(y) ?? -1)) };
  });
}

/** The list itself when it has no repeats (dependency lists are a few ids long), else a Set of it. */
function distinct(ids: readonly string[]): Iterable<string> {
  return ids.every((x, k) => ids.indexOf(x) === k) ? ids : new Set(ids);
}

/** Whether `ids` has no repeats and is sorted by plan position, as the output lists them. */
function inOrder(ids: readonly string[], pos: ReadonlyMap<string, number>): boolean {
  let last = -Infinity;
  for (let k = 0; k < ids.length; k++) {
    const p = pos.get(ids[k]!) ?? -1;
    if (p <= last) return false;
    last = p;
  }
  return true;
}
