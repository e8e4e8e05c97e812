/**
 * Per-operation counters, read by the bench through `provider.stats()`.
 * `requests` counts every HTTP request sent (retries included), i.e. what AWS bills and throttles;
 * `calls` counts adapter-level calls, whatever their retries.
 */
export interface AwsStats {
  calls: Record<string, number>;
  requests: Record<string, number>;
  retries: Record<string, number>;
  /** Throttling responses received (each one was retried by the SDK unless attempts ran out). */
  throttled: Record<string, number>;
  /** Calls that failed after the SDK's retries. */
  errors: Record<string, number>;
  totals: { calls: number; requests: number; retries: number; throttled: number; errors: number };
}

type Counter = 'calls' | 'requests' | 'retries' | 'throttled' | 'errors';

export class StatsRecorder {
  private readonly counts: Record<Counter, Map<string, number>> = {
    calls: new Map(),
    requests: new Map(),
    retries: new Map(),
    throttled: new Map(),
    errors: new Map(),
  };

  add(counter: Counter, op: string): void {
    const map = this.counts[counter];
    map.set(op, (map.get(op) ?? 0) + 1);
  }

  snapshot(): AwsStats {
    const record = (counter: Counter): Record<string, number> => Object.fromEntries([...this.counts[counter]].sort(([a], [b]) => a.localeCompare(b)));
    const total = (counter: Counter): number => [...this.counts[counter].values()].reduce((a, b) => a + b, 0);
    return {
      calls: record('calls'),
      requests: record('requests'),
      retries: record('retries'),
      throttled: record('throttled'),
      errors: record('errors'),
      totals: { calls: total('calls'), requests: total('requests'), retries: total('retries'), throttled: total('throttled'), errors: total('errors') },
    };
  }

  reset(): void {
    for (const map of Object.values(this.counts)) map.clear();
  }
}
