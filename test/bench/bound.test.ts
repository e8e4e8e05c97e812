import { describe, expect, it } from 'vitest';
import { applyChain, lowerBound, physicalBound, planChain } from '../../bench/bound.js';
import type { Action, PlanDocument } from '../../src/core/types.js';

const base = { latencyMs: 20, requestConcurrency: 16, chainRequests: 0, throttled: {} };

describe('physicalBound', () => {
  it('uses AWS\'s published rates whatever the run was scaled to, and no concurrency term', () => {
    // A 10,000-key re-plan: 10,000 DescribeKey at 2,000 rps = 4 s after the first second's burst.
    const b = physicalBound({ latencyMs: 20, chainRequests: 3, throttled: {}, calls: { DescribeKey: 10_000 } });
    expect(b).toMatchObject({ kind: 'quota', quotaKey: 'DescribeKey' });
    expect(b.quotaMs).toBeCloseTo(4_000);
    expect(b.boundMs).toBeCloseTo(4_000);
    // As the spec states the bound (calls / quota, no burst): 10,000 / 2,000 = 5 s.
    expect(b).toMatchObject({ callsPerQuotaKind: 'quota' });
    expect(b.callsPerQuotaMs).toBeCloseTo(5_000);
  });

  it('reports each term: per-key reads, listing (GetResources at its assumed rate), chain, and the bound without assumed rates', () => {
    // A 10,000-key re-plan: 101 tagging pages at the assumed 5/s would set the bound (19.2 s); at the
    // published rates it is DescribeKey's (10,000 - 2,000 burst) / 2,000 = 4 s, above the 2.04 s chain.
    const b = physicalBound({ latencyMs: 20, chainRequests: 102, throttled: {}, calls: { DescribeKey: 10_000, GetResources: 101, ListAliases: 101 } });
    expect(b).toMatchObject({ kind: 'quota', quotaKey: 'GetResources', perKeyQuotaKey: 'DescribeKey', listingQuotaKey: 'GetResources', otherQuotaMs: 0, otherQuotaKey: null, assumedRates: ['GetResources'], publishedKind: 'quota' });
    expect(b.boundMs).toBeCloseTo(19_200);
    expect(b.perKeyQuotaMs).toBeCloseTo(4_000);
    expect(b.listingQuotaMs).toBeCloseTo(19_200);
    expect(b.chainMs).toBeCloseTo(2_040);
    expect(b.publishedBoundMs).toBeCloseTo(4_000);
    // Calls / quota leaves the assumed rate out too: DescribeKey's 10,000 / 2,000.
    expect(b.callsPerQuotaMs).toBeCloseTo(5_000);
    // With a longer serial chain the published bound is the chain.
    const slow = physicalBound({ latencyMs: 50, chainRequests: 102, throttled: {}, calls: { DescribeKey: 10_000, GetResources: 101 } });
    expect(slow).toMatchObject({ publishedKind: 'chain', publishedBoundMs: 5_100, callsPerQuotaKind: 'chain', callsPerQuotaMs: 5_100 });
    // Throttled requests are waste, not work, in this form too.
    const throttled = physicalBound({ latencyMs: 20, chainRequests: 3, throttled: { DescribeKey: 2_000 }, calls: { DescribeKey: 12_000 } });
    expect(throttled.callsPerQuotaMs).toBeCloseTo(5_000);
    // An apply: the import parameters are an "other" term at a published rate.
    const apply = physicalBound({ latencyMs: 20, chainRequests: 5, throttled: {}, calls: { GetParametersForImport: 100, CreateKey: 100 } });
    expect(apply).toMatchObject({ otherQuotaKey: 'GetParametersForImport', perKeyQuotaMs: 0, listingQuotaMs: 0, publishedBoundMs: 99_000 });
  });

  it('is the serial chain when the quotas leave room (latency x pages one after another)', () => {
    const b = physicalBound({ latencyMs: 20, chainRequests: 101, throttled: {}, calls: { DescribeKey: 100, ListAliases: 1 } });
    expect(b).toMatchObject({ kind: 'chain', quotaMs: 0 });
    expect(b.boundMs).toBeCloseTo(2_020);
  });
});

describe('lowerBound', () => {
  it('is quota-bound by the tightest operation, less its one-second burst', () => {
    // 100 GetParametersForImport at AWS's 1 rps: 99 s after the first token; 100 CreateKey at 5 rps: 19 s.
    const b = lowerBound({ ...base, calls: { GetParametersForImport: 100, CreateKey: 100 }, quotas: 'aws' });
    expect(b).toMatchObject({ kind: 'quota', quotaKey: 'GetParametersForImport' });
    expect(b.quotaMs).toBeCloseTo(99_000);
    expect(b.latencyMs).toBeCloseTo((20 * 200) / 16);
  });

  it('scales with the quota setting and never goes negative inside the burst', () => {
    const b = lowerBound({ ...base, calls: { GetParametersForImport: 1000 }, quotas: { scale: 10 } });
    expect(b.quotaMs).toBeCloseTo(99_000);
    expect(lowerBound({ ...base, calls: { GetParametersForImport: 5 }, quotas: { scale: 10 } }).quotaMs).toBe(0);
  });

  it('excludes throttled requests and groups S3 operations by class', () => {
    const b = lowerBound({ ...base, calls: { PutBucketEncryption: 8000, CopyObject: 8000 }, throttled: { CopyObject: 1000 }, quotas: 'aws' });
    expect(b.quotaKey).toBe('S3Write');
    expect(b.quotaMs).toBeCloseTo(((15_000 - 3500) / 3500) * 1000);
  });

  it('is latency-bound without quotas, chain-bound when only a serial chain is left', () => {
    expect(lowerBound({ ...base, calls: { DescribeKey: 1600 }, quotas: 'none' })).toMatchObject({ kind: 'latency', boundMs: 2000 });
    expect(lowerBound({ ...base, calls: { GetResources: 1 }, quotas: 'none', chainRequests: 3 })).toMatchObject({ kind: 'chain', boundMs: 60 });
  });
});

describe('chains', () => {
  it('apply: the longest dependency path, weighted by requests per action', () => {
    const a = (id: string, kind: Action['kind'], dependsOn: string[]) => ({ id, kind, dependsOn }) as unknown as Action;
    const doc = { actions: [a('c', 'create-key', []), a('i', 'import-material', ['c']), a('al', 'create-alias', ['c', 'i']), a('x', 'tag-key', [])] } as PlanDocument;
    expect(applyChain(doc)).toBe(4);
  });

  it('plan: tagging pages then one describe, alias pages, or a bucket and its object pages', () => {
    expect(planChain({ GetResources: 10, DescribeKey: 1000, ListAliases: 10 }, 0)).toBe(11);
    expect(planChain({ GetResources: 1, ListAliases: 1, ListObjectsV2: 6 }, 3)).toBe(3);
  });
});
