import type { Timer } from '../../src/providers/limiter.js';

/** Virtual time for the limiter: sleeps complete only when the test advances the clock. */
export class FakeTimer implements Timer {
  private t = 0;
  private timers: Array<{ at: number; resolve: () => void }> = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.timers.push({ at: this.t + Math.max(0, ms), resolve }));
  }

  /** Lets idle time pass (no timers may be pending). */
  advance(ms: number): void {
    this.t += ms;
  }

  /** Runs until nothing is pending: settle microtasks, jump to the next timer, fire it, repeat. */
  async runAll(limitMs = 3_600_000): Promise<void> {
    for (;;) {
      await settle();
      if (this.timers.length === 0) return;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift()!;
      if (next.at > limitMs) throw new Error(`fake time ran past ${limitMs} ms`);
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
}
