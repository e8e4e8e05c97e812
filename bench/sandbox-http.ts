/** The sandbox's counters and quotas over its HTTP control endpoints: all a run process needs of it. */
import type { QuotaSetting, SandboxStats } from '../src/wire/aws/types.js';

export interface SandboxCounters {
  stats(): Promise<SandboxStats>;
  resetStats(): Promise<void>;
  /** Switches the quotas the sandbox enforces (`POST /_sandbox/quotas`) and returns what it now enforces. */
  setQuotas(quotas: QuotaSetting): Promise<QuotaSetting>;
}

export function httpCounters(url: string): SandboxCounters {
  return {
    stats: async () => {
      const res = await fetch(`${url}/_sandbox/stats`);
      if (!res.ok) throw new Error(`sandbox stats: HTTP ${res.status}`);
      return (await res.json()) as SandboxStats;
    },
    resetStats: async () => {
      const res = await fetch(`${url}/_sandbox/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`sandbox reset: HTTP ${res.status}`);
    },
    setQuotas: async (quotas) => {
      const res = await fetch(`${url}/_sandbox/quotas`, { method: 'POST', body: JSON.stringify(quotas) });
      if (!res.ok) throw new Error(`sandbox quotas: HTTP ${res.status} ${await res.text()}`);
      return ((await res.json()) as { quotas: QuotaSetting }).quotas;
    },
  };
}
