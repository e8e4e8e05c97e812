import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../src/providers/limiter.js';

describe('Semaphore urgent waiters', () => {
  it('a listing page queued behind many describes gets the next free slot', async () => {
    const sem = new Semaphore(1);
    const order: string[] = [];
    const task = (name: string) => async () => {
      order.push(name);
      await new Promise((r) => setTimeout(r, 1));
    };
    await Promise.all([
      sem.run(task('describe-1')),
      sem.run(task('describe-2')),
      sem.run(task('describe-3')),
      sem.run(task('page-2'), true),
      sem.run(task('describe-4')),
    ]);
    // describe-1 held the slot; the page overtakes every normal waiter, which keep their order.
    expect(order).toEqual(['describe-1', 'page-2', 'describe-2', 'describe-3', 'describe-4']);
    expect(sem.inFlight).toBe(0);
  });
});
