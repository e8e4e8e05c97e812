import type { Clock } from '../../../src/core/types.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A settable clock: simulated time moves only when the test says so. */
export class FakeClock implements Clock {
  constructor(private t: number) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** The sandbox's seeded PRNG (mulberry32), so a failing run can be replayed exactly. */
export { seededRandom as seeded } from '../../../src/wire/aws/faults.js';
