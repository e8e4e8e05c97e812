import type { Action, ActionOutcome } from '../core/types.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { MinHeap } from '../core/min-heap.js';

export interface ScheduleOptions {
  /** Actions in flight at once per provider instance. */
  limit: number;
  signal?: AbortSignal;
  run: (action: Action) => Promise<ActionOutcome>;
  record: (outcome: ActionOutcome) => void;
}

/**
 * Runs actions in dependency order, each provider with its own concurrency limit, in time linear
 * in actions + dependency edges (a 10,000-key apply has ~40,000 actions). An action becomes ready
 * when every action it depends on was applied; a failed or skipped action skips its dependants
 * transitively; once `signal` aborts, nothing new starts and the rest is skipped.
 */
export function runScheduled(actions: readonly Action[], opts: ScheduleOptions): Promise<void> {
  const byId = new Map(actions.map((a) => [a.id, a]));
  const waitingOn = new Map<string, number>();
  const dependants = new Map<string, string[]>();
  for (const a of actions) {
    const deps = [...new Set(a.dependsOn)].filter((d) => byId.has(d) && d !== a.id);
    waitingOn.set(a.id, deps.length);
    for (const d of deps) dependants.set(d, [...(dependants.get(d) ?? []), a.id]);
  }
  // provider -> ready actions by plan position. Not FIFO: a fresh apply has every create-key ready
  // at once, and a FIFO would start them all before the first import (10,000 keys: imports start
  // only after every CreateKey, so the apply takes creates + imports instead of the slower of the two).
  const position = new Map(actions.map((a, i) => [a.id, i]));
  const ready = new Map<string, MinHeap>();
  const running = new Map<string, number>();
  const done = new Set<string>();
  let inFlight = 0;

  const finish = (o: ActionOutcome) => {
    done.add(o.id);
    opts.record(o);
  };
  const enqueue = (a: Action) => {
    let q = ready.get(a.provider);
    if (!q) ready.set(a.provider, (q = new MinHeap()));
    q.push(position.get(a.id)!);
  };
  /** Skips `id`'s dependants, and theirs, because `id` did not apply. */
  const skipDependants = (id: string, result: 'failed' | 'skipped') => {
    const stack = (dependants.get(id) ?? []).map((d) => [d, id, result] as const);
    while (stack.length) {
      const [dep, cause, how] = stack.pop()!;
      if (done.has(dep)) continue;
      finish(skip(byId.get(dep)!, `depends on ${cause}, which ${how === 'failed' ? 'failed' : 'was skipped'}`, 'apply.dependency-failed'));
      for (const next of dependants.get(dep) ?? []) stack.push([next, dep, 'skipped']);
    }
  };

  return new Promise<void>((resolve) => {
    const pump = () => {
      if (opts.signal?.aborted) {
        for (const a of actions) if (!done.has(a.id) && !isRunning(a.id)) finish(skip(a, 'stopped before this action started', 'apply.interrupted'));
      } else {
        for (const [provider, queue] of ready) {
          while (queue.size > 0 && (running.get(provider) ?? 0) < opts.limit) {
            const a = actions[queue.pop()!]!;
            if (done.has(a.id)) continue;
            start(a);
          }
        }
      }
      if (inFlight === 0) {
        // Nothing runs and nothing can start: a dependency cycle. Never hang.
        for (const a of actions) if (!done.has(a.id)) finish(skip(a, 'its dependencies can never be met', 'internal'));
        resolve();
      }
    };
    const started = new Set<string>();
    const isRunning = (id: string) => started.has(id) && !done.has(id);
    const start = (a: Action) => {
      started.add(a.id);
      inFlight++;
      running.set(a.provider, (running.get(a.provider) ?? 0) + 1);
      void opts.run(a).then((o) => {
        inFlight--;
        running.set(a.provider, (running.get(a.provider) ?? 1) - 1);
        finish(o);
        if (o.result === 'applied') {
          for (const d of dependants.get(a.id) ?? []) {
            const left = (waitingOn.get(d) ?? 1) - 1;
            waitingOn.set(d, left);
            if (left === 0 && !done.has(d)) enqueue(byId.get(d)!);
          }
        } else {
          skipDependants(a.id, o.result === 'failed' ? 'failed' : 'skipped');
        }
        pump();
      });
    };
    for (const a of actions) if (waitingOn.get(a.id) === 0) enqueue(a);
    pump();
  });
}

export function skip(action: Action, message: string, code: DiagnosticCode): ActionOutcome {
  return outcomeOf(action, 'skipped', { code, message });
}

/**
 * An action's outcome: id, kind, target, the manifest key's name when it has one, the result, then
 * `extra`. Built without spreading into a literal, so that the outcomes of one kind share V8's
 * hidden class (docs/architecture.md, Dependency rules): an apply keeps one per action until its report.
 */
export function outcomeOf(action: Action, result: ActionOutcome['result'], extra?: Pick<ActionOutcome, 'code' | 'message' | 'keyId'>): ActionOutcome {
  const o: ActionOutcome = action.keyName
    ? { id: action.id, kind: action.kind, target: action.target, keyName: action.keyName, result }
    : { id: action.id, kind: action.kind, target: action.target, result };
  return extra ? Object.assign(o, extra) : o;
}
