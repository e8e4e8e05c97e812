/**
 * The lower bound a phase's wall time is judged against (README.md, Benchmarks). Three terms, each a time no
 * client could beat with the requests it had to make:
 *
 * - quota:   max over the sandbox's quota buckets of (requests - burst) / rate. Requests the
 *            sandbox throttled are excluded (they are waste, not work). The burst (one second's
 *            worth, the sandbox's bucket size) is subtracted because a bucket may be full when the
 *            phase starts; without it calls/rate is no lower bound for a phase shorter than the
 *            burst (20 imports at 20 rps take no second). At the sizes run it lowers the term ~1%.
 * - latency: latency x requests / request concurrency (the provider's in-flight bound).
 * - chain:   latency x the longest sequence of requests that must run one after another
 *            (listing pages; create -> import parameters -> import -> alias). The brief's bound is
 *            max(quota, latency); the chain only matters where both are tiny (the first plan).
 *
 * Pure: no clock, no I/O.
 */
import type { Action, PlanDocument } from '../src/core/types.js';
import { S3_QUOTA_CLASS } from '../src/providers/aws/quotas.js';
import { rateLookup } from '../src/wire/aws/quotas.js';
import type { QuotaSetting } from '../src/wire/aws/types.js';
import type { LowerBound, PhysicalBound } from './types.js';

export interface BoundInput {
  calls: Record<string, number>;
  throttled: Record<string, number>;
  quotas: QuotaSetting;
  latencyMs: number;
  requestConcurrency: number;
  /** Requests on the longest serial chain. */
  chainRequests: number;
}

export function lowerBound(input: BoundInput): LowerBound {
  const lookup = rateLookup(input.quotas);
  const perBucket = new Map<string, { requests: number; rate: number }>();
  let requests = 0;
  for (const [op, n] of Object.entries(input.calls)) {
    const needed = n - (input.throttled[op] ?? 0);
    requests += needed;
    const q = lookup(op, S3_QUOTA_CLASS[op]);
    if (!q) continue;
    const b = perBucket.get(q.key) ?? { requests: 0, rate: q.rate };
    b.requests += needed;
    perBucket.set(q.key, b);
  }
  let quotaMs = 0;
  let quotaKey: string | null = null;
  for (const [key, b] of perBucket) {
    // Burst as the sandbox's QuotaGate sizes it: one second's worth, at least one token.
    const ms = (Math.max(0, b.requests - Math.max(1, b.rate)) / b.rate) * 1000;
    if (ms > quotaMs) [quotaMs, quotaKey] = [ms, key];
  }
  const latencyMs = (input.latencyMs * requests) / Math.max(1, input.requestConcurrency);
  const chainMs = input.latencyMs * input.chainRequests;
  const boundMs = Math.max(quotaMs, latencyMs, chainMs);
  const kind = boundMs === quotaMs ? 'quota' : boundMs === latencyMs ? 'latency' : 'chain';
  return { quotaMs, quotaKey, latencyMs, chainMs, boundMs, kind };
}

/** The bound at AWS's published quotas, unscaled, and the serial chain; concurrency unlimited. */
export function physicalBound(input: Omit<BoundInput, 'quotas' | 'requestConcurrency'>): PhysicalBound {
  const b = lowerBound({ ...input, quotas: 'aws', requestConcurrency: Number.POSITIVE_INFINITY });
  return { quotaMs: b.quotaMs, quotaKey: b.quotaKey, chainMs: b.chainMs, boundMs: Math.max(b.quotaMs, b.chainMs), kind: b.quotaMs >= b.chainMs ? 'quota' : 'chain' };
}

/** Requests the AWS adapter makes for one action when nothing fails (caches warm from the refresh). */
const REQUESTS_PER_ACTION: Record<Action['kind'], number> = {
  'create-key': 1,
  'import-material': 2,
  'reimport-material': 2,
  'enable-key': 1,
  'create-alias': 1,
  'update-alias': 1,
  'put-bucket-encryption': 1,
  // ListObjectsV2, then at least one HeadObject and one CopyObject when anything is re-encrypted.
  'reencrypt-objects': 1,
  'tag-key': 1,
  // The retire guard describes the key first.
  'disable-key': 2,
  'schedule-key-deletion': 2,
  'rotate-key': 1,
};

/** Requests on the longest dependency path of a plan (its actions are in dependency order). */
export function applyChain(doc: PlanDocument): number {
  const done = new Map<string, number>();
  let longest = 0;
  for (const a of doc.actions) {
    const before = Math.max(0, ...a.dependsOn.map((d) => done.get(d) ?? 0));
    const total = before + REQUESTS_PER_ACTION[a.kind];
    done.set(a.id, total);
    longest = Math.max(longest, total);
  }
  return longest;
}

/**
 * Requests on the longest serial chain of a refresh: the tagging pages one after another, then a
 * describe of the last page's keys; alias pages one after another; per bucket its encryption,
 * then its object pages.
 */
export function planChain(calls: Record<string, number>, buckets: number): number {
  const c = (op: string) => calls[op] ?? 0;
  const discovery = c('GetResources') + c('ListKeys') + (c('DescribeKey') > 0 ? 1 : 0) + (c('ListResourceTags') > 0 ? 1 : 0);
  const bucketChain = buckets > 0 ? 1 + Math.ceil(c('ListObjectsV2') / buckets) : 0;
  return Math.max(discovery, c('ListAliases'), bucketChain);
}
