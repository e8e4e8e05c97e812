/** Request counters, read by the bench and tests through `stats()` or `GET /_sandbox/stats`. */

export type FaultKind = 'error' | 'drop' | 'drop-after-apply';

export interface SandboxStats {
  /** Requests per operation that passed the signature check, throttled and faulted ones included. */
  calls: Record<string, number>;
  /** Throttling answers per operation. */
  throttled: Record<string, number>;
  /** Injected faults per operation. */
  faults: Record<string, number>;
  faultsByKind: Record<FaultKind, number>;
  /** Error answers per AWS error code (throttling and injected faults included). */
  errors: Record<string, number>;
  totals: { calls: number; throttled: number; faults: number };
  /** ISO time the counters were last reset. */
  since: string;
}


export class StatsRecorder {
  private s: SandboxStats = StatsRecorder.empty();

  private static empty(): SandboxStats {
    return {
      calls: {},
      throttled: {},
      faults: {},
      faultsByKind: { error: 0, drop: 0, 'drop-after-apply': 0 },
      errors: {},
      totals: { calls: 0, throttled: 0, faults: 0 },
      since: new Date().toISOString(),
    };
  }

  call(op: string): void {
    this.s.calls[op] = (this.s.calls[op] ?? 0) + 1;
    this.s.totals.calls++;
  }

  throttled(op: string): void {
    this.s.throttled[op] = (this.s.throttled[op] ?? 0) + 1;
    this.s.totals.throttled++;
  }

  fault(op: string, kind: FaultKind): void {
    this.s.faults[op] = (this.s.faults[op] ?? 0) + 1;
    this.s.faultsByKind[kind]++;
    this.s.totals.faults++;
  }

  error(code: string): void {
    this.s.errors[code] = (this.s.errors[code] ?? 0) + 1;
  }

  /** A deep copy: callers may keep it while counting goes on. */
  snapshot(): SandboxStats {
    return structuredClone(this.s);
  }

  reset(): void {
    this.s = StatsRecorder.empty();
  }
}
