/**
 * Peak resident set size per phase, sampled on a timer. Sampling misses spikes shorter than the
 * period, so the process's lifetime peak (`resourceUsage().maxRSS`, exact) is reported beside it.
 */

const MB = 1024 * 1024;

export class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(periodMs: number) {
    this.sample();
    this.timer = setInterval(() => this.sample(), Math.max(1, periodMs));
    // Never keeps the process alive on its own.
    this.timer.unref();
  }

  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
  }

  /** Peak since the last reset (or start), in MB; samples once more so a short phase is seen. */
  peakMb(): number {
    this.sample();
    return this.peak / MB;
  }

  reset(): void {
    this.peak = 0;
    this.sample();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Lifetime peak RSS of this process in MB (Linux reports maxRSS in kilobytes). */
export function lifetimeMaxRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
