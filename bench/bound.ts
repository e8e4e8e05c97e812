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
import { AWS_FACTS } from '../src/catalog/aws.js';
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

/**
 * Per quota bucket (operation or S3 class): (requests not throttled - burst) / rate, in ms; with
 * `burst: false`, requests / rate (the bucket assumed empty when the phase starts).
 */
export function quotaTerms(calls: Record<string, number>, throttled: Record<string, number>, quotas: QuotaSetting, burst = true): Map<string, number> {
  const lookup = rateLookup(quotas);
  const perBucket = new Map<string, { requests: number; rate: number }>();
  for (const [op, n] of Object.entries(calls)) {
    const q = lookup(op, S3_QUOTA_CLASS[op]);
    if (!q) continue;
    const b = perBucket.get(q.key) ?? { requests: 0, rate: q.rate };
    b.requests += n - (throttled[op] ?? 0);
    perBucket.set(q.key, b);
  }
  // Burst as the sandbox's QuotaGate sizes it: one second's worth, at least one token.
  const spare = (rate: number) => (burst ? Math.max(1, rate) : 0);
  return new Map([...perBucket].map(([key, b]) => [key, (Math.max(0, b.requests - spare(b.rate)) / b.rate) * 1000]));
}

/** The largest term among `keys` (all when absent): [ms, key], [0, null] when none. */
function largest(terms: Map<string, number>, keep: (key: string) => boolean = () => true): [number, string | null] {
  let best: [number, string | null] = [0, null];
  for (const [key, ms] of terms) if (keep(key) && ms > best[0]) best = [ms, key];
  return best;
}

export function lowerBound(input: BoundInput): LowerBound {
  let requests = 0;
  for (const [op, n] of Object.entries(input.calls)) requests += n - (input.throttled[op] ?? 0);
  const [quotaMs, quotaKey] = largest(quotaTerms(input.calls, input.throttled, input.quotas));
  const latencyMs = (input.latencyMs * requests) / Math.max(1, input.requestConcurrency);
  const chainMs = input.latencyMs * input.chainRequests;
  const boundMs = Math.max(quotaMs, latencyMs, chainMs);
  const kind = boundMs === quotaMs ? 'quota' : boundMs === latencyMs ? 'latency' : 'chain';
  return { quotaMs, quotaKey, latencyMs, chainMs, boundMs, kind };
}

/** The per-key reads of a refresh and its listing calls (their quota buckets are the operations). */
export const PER_KEY_OPS: readonly string[] = ['DescribeKey', 'ListResourceTags'];
export const LISTING_OPS: readonly string[] = ['GetResources', 'ListKeys', 'ListAliases'];

/** Rates the catalog marks as assumptions (AWS publishes none): GetResources. */
export const ASSUMED_RATES: readonly string[] = AWS_FACTS.quotas.filter((q) => q.source.startsWith('assumption')).flatMap((q) => Object.keys(q.perSecond));

/**
 * The bound at AWS's published quotas, unscaled, and the serial chain; concurrency unlimited. Also
 * per term (per-key reads, listing, the rest) and without the assumed rates (`publishedBoundMs`):
 * a 10,000-key re-plan's bound is otherwise set by the assumed GetResources rate. And in the form
 * the spec states its lower bound, calls / quota (`callsPerQuotaMs`): AWS publishes each quota as a
 * rate, not a bucket size, so the first second's burst the sandbox models (and the other terms
 * subtract) is an assumption too; 10,000 DescribeKey at 2,000/s are 5 s this way, 4 s the other.
 */
export function physicalBound(input: Omit<BoundInput, 'quotas' | 'requestConcurrency'>): PhysicalBound {
  const terms = quotaTerms(input.calls, input.throttled, 'aws');
  const [quotaMs, quotaKey] = largest(terms);
  const [perKeyQuotaMs, perKeyQuotaKey] = largest(terms, (k) => PER_KEY_OPS.includes(k));
  const [listingQuotaMs, listingQuotaKey] = largest(terms, (k) => LISTING_OPS.includes(k));
  const [otherQuotaMs, otherQuotaKey] = largest(terms, (k) => !PER_KEY_OPS.includes(k) && !LISTING_OPS.includes(k));
  const [publishedQuotaMs] = largest(terms, (k) => !ASSUMED_RATES.includes(k));
  const [callsPerQuotaMs] = largest(quotaTerms(input.calls, input.throttled, 'aws', false), (k) => !ASSUMED_RATES.includes(k));
  const chainMs = input.latencyMs * input.chainRequests;
  return {
    quotaMs,
    quotaKey,
    chainMs,
    boundMs: Math.max(quotaMs, chainMs),
    kind: quotaMs >= chainMs ? 'quota' : 'chain',
    perKeyQuotaMs,
    perKeyQuotaKey,
    listingQuotaMs,
    listingQuotaKey,
    otherQuotaMs,
    otherQuotaKey,
    assumedRates: [...ASSUMED_RATES],
    publishedBoundMs: Math.max(publishedQuotaMs, chainMs),
    publishedKind: publishedQuotaMs >= chainMs ? 'quota' : 'chain',
    callsPerQuotaMs: Math.max(callsPerQuotaMs, chainMs),
    callsPerQuotaKind: callsPerQuotaMs >= chainMs ? 'quota' : 'chain',
  };
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
