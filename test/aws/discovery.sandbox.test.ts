import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { TAG } from '../../src/core/types.js';
import { SimError } from '../../src/sim/sim-types.js';
import { keyInput, refusingProxy, startEnv, type Env, type RefusingProxy } from './env.js';

let env: Env;
const OURS = 150;
const OTHERS = 10;

beforeAll(async () => {
  env = await startEnv();
  // Seed straight into the simulator: discovery is under test, not creation.
  for (let i = 0; i < OURS; i++) env.sim.createKey({ Origin: 'EXTERNAL', Description: `k${i}`, Tags: tagList(keyInput('disc', `k${i}`).tags) });
  for (let i = 0; i < OTHERS; i++) env.sim.createKey({ Origin: 'EXTERNAL', Tags: tagList(keyInput('someone-else', `o${i}`).tags) });
  env.sim.createKey({ Origin: 'EXTERNAL', Description: 'untagged' });
});
afterAll(async () => {
  await env?.close();
});

function tagList(tags: Record<string, string>) {
  return Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
}

describe('listManagedKeys', () => {
  it('uses ceil(n/100) GetResources pages plus exactly one DescribeKey per key', async () => {
    const provider = await env.newProvider({ discovery: 'auto' });
    env.sandbox.resetStats();
    const keys = await provider.keys.listManagedKeys('disc');
    expect(keys).toHaveLength(OURS);
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(OURS);
    expect(keys.every((k) => k.tags[TAG.manifest] === 'disc' && k.state === 'PendingImport' && k.expirationModel === null)).toBe(true);
    expect(keys.find((k) => k.tags[TAG.key] === 'k7')?.description).toBe('k7');

    const ours = provider.stats();
    expect(ours.requests).toEqual({ GetResources: 2, DescribeKey: OURS });
    const server = env.sandbox.stats();
    expect(server.calls).toEqual({ GetResources: 2, DescribeKey: OURS });
  });

  it('skips nothing it should not and includes keys pending deletion', async () => {
    const provider = await env.newProvider({ discovery: 'auto' });
    const victim = (await provider.keys.listManagedKeys('disc'))[0]!;
    env.sim.scheduleKeyDeletion({ KeyId: victim.keyId, PendingWindowInDays: 7 });
    const after = await provider.keys.listManagedKeys('disc');
    expect(after).toHaveLength(OURS);
    expect(after.find((k) => k.keyId === victim.keyId)?.state).toBe('PendingDeletion');
    env.sim.cancelKeyDeletion({ KeyId: victim.keyId });
  });

  it('skips a key deleted between listing and describing', async () => {
    const provider = await env.newProvider({ discovery: 'auto' });
    const gone = (await provider.keys.listManagedKeys('disc'))[3]!;
    const original = env.sim.describeKey.bind(env.sim);
    env.sim.describeKey = (req) => {
      if (req.KeyId.endsWith(gone.keyId)) throw new SimError('NotFoundException', `Key '${req.KeyId}' does not exist`);
      return original(req);
    };
    try {
      const keys = await provider.keys.listManagedKeys('disc');
      expect(keys).toHaveLength(OURS - 1);
      expect(keys.some((k) => k.keyId === gone.keyId)).toBe(false);
    } finally {
      env.sim.describeKey = original;
    }
  });

  it('defaults to list-keys when an endpoint is set (emulators may serve the tagging API partially)', async () => {
    const provider = await env.newProvider();
    expect(await provider.keys.listManagedKeys('disc')).toHaveLength(OURS);
    expect(provider.stats().requests.GetResources).toBeUndefined();
    expect(provider.stats().requests.ListKeys).toBeGreaterThan(0);
  });

  it('in list-keys mode uses ListKeys + ListResourceTags per key + DescribeKey per managed key', async () => {
    const provider = await env.newProvider({ discovery: 'list-keys' });
    const keys = await provider.keys.listManagedKeys('disc');
    expect(keys).toHaveLength(OURS);
    const total = env.sim.listKeys({ Limit: 1000 }).Keys.length;
    expect(provider.stats().requests).toEqual({ ListKeys: Math.ceil(total / 1000), ListResourceTags: total, DescribeKey: OURS });
  });

  it('falls back to ListKeys when the tagging API is denied, and remembers it', async () => {
    const proxy = await denyProxy(env.sandbox.url, 'ResourceGroupsTaggingAPI', 'tag:GetResources');
    try {
      const provider = await env.newProvider({ discovery: 'auto' }, { endpoint: { kms: proxy.url, s3: env.sandbox.url } });
      const keys = await provider.keys.listManagedKeys('disc');
      expect(keys).toHaveLength(OURS);
      expect(provider.stats().requests.GetResources).toBe(1);
      expect(provider.stats().requests.ListResourceTags).toBeGreaterThan(OURS);
      await provider.keys.listManagedKeys('disc');
      expect(provider.stats().requests.GetResources).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it('auto: pages that fit the limiter\'s burst are not raced (no ListKeys)', async () => {
    const provider = await env.newProvider({ discovery: 'auto' });
    expect(await provider.keys.listManagedKeys('disc', { expectedKeys: OURS })).toHaveLength(OURS);
    expect(provider.stats().requests).toEqual({ GetResources: 2, DescribeKey: OURS });
  });

  it('auto: when the pages would wait, lists the account too and switches to it when that is sooner', async () => {
    // GetResources at 1 per second: the second page would wait about a second; the account's 161
    // keys' tags are within ListResourceTags' burst.
    const provider = await env.newProvider({ discovery: 'auto' }, { quotas: { GetResources: 1 } });
    const keys = await provider.keys.listManagedKeys('disc', { expectedKeys: OURS });
    expect(keys).toHaveLength(OURS);
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(OURS);
    expect(keys.every((k) => k.tags[TAG.manifest] === 'disc')).toBe(true);
    const { requests } = provider.stats();
    // The second page was never sent; every key was reached once, by one way or the other.
    expect(requests.GetResources).toBe(1);
    expect(requests.ListKeys).toBe(1);
    expect(requests.DescribeKey).toBe(OURS);
    const account = OURS + OTHERS + 1;
    expect(requests.ListResourceTags).toBeGreaterThanOrEqual(account - 100);
    expect(requests.ListResourceTags).toBeLessThanOrEqual(account);
  });

  it('auto: keeps to the tagging pages when reading every key\'s tags would take longer', async () => {
    const provider = await env.newProvider({ discovery: 'auto' }, { quotas: { GetResources: 1, ListResourceTags: 10 } });
    expect(await provider.keys.listManagedKeys('disc', { expectedKeys: OURS })).toHaveLength(OURS);
    expect(provider.stats().requests).toEqual({ GetResources: 2, ListKeys: 1, DescribeKey: OURS });
  });

  it('auto: with ListKeys denied the tagging pages alone find every key', async () => {
    const proxy = await denyProxy(env.sandbox.url, 'TrentService.ListKeys', 'kms:ListKeys');
    try {
      const provider = await env.newProvider({ discovery: 'auto' }, { quotas: { GetResources: 1 }, endpoint: { kms: proxy.url, s3: env.sandbox.url } });
      expect(await provider.keys.listManagedKeys('disc', { expectedKeys: OURS })).toHaveLength(OURS);
      expect(provider.stats().requests.GetResources).toBe(2);
      expect(provider.stats().requests.ListResourceTags).toBeUndefined();
    } finally {
      await proxy.close();
    }
  });

  it('auto: keys whose tags may not be read do not fail the listing; a tagging page finds them if they are ours', async () => {
    // Our keys on the first tagging page and the rest, as the tagging API pages them.
    const provider0 = await env.newProvider({ discovery: 'tagging-api' });
    const first = await provider0.clients.tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['kms:key'], TagFilters: [{ Key: TAG.manifest, Values: ['disc'] }], ResourcesPerPage: 100 }));
    const onFirst = new Set((first.ResourceTagMappingList ?? []).map((m) => m.ResourceARN!.split('/').pop()!));
    const ours = await provider0.keys.listManagedKeys('disc');
    // One of ours from each page, and every foreign key: ListResourceTags is denied for them, as a
    // key policy without kms:ListResourceTags denies it.
    const deniedFirst = ours.find((k) => onFirst.has(k.keyId))!.keyId;
    const deniedLater = ours.find((k) => !onFirst.has(k.keyId))!.keyId;
    const ourIds = new Set(ours.map((k) => k.keyId));
    const idIn = (body: string) => String((JSON.parse(body) as { KeyId?: string }).KeyId ?? '').split('/').pop()!;
    const deny = (body: string) => {
      const id = idIn(body);
      return id === deniedFirst || id === deniedLater || !ourIds.has(id);
    };
    // The tagging pages answer late, so the listing claims every key first and the first page's
    // keys are set aside; the denial of deniedFirst comes after that page, the one of deniedLater
    // before the second page was asked for: both ways of finding a denied key are taken.
    const delay = (amzTarget: string, body: string) => (amzTarget.startsWith('ResourceGroupsTaggingAPI') ? 200 : amzTarget.endsWith('ListResourceTags') && idIn(body) === deniedFirst ? 600 : 0);
    const proxy = await denyProxy(env.sandbox.url, 'TrentService.ListResourceTags', 'kms:ListResourceTags', deny, delay);
    try {
      const provider = await env.newProvider({ discovery: 'auto' }, { quotas: { GetResources: 1 }, endpoint: { kms: proxy.url, s3: env.sandbox.url } });
      const keys = await provider.keys.listManagedKeys('disc', { expectedKeys: OURS });
      expect(keys.map((k) => k.keyId).sort()).toEqual(ours.map((k) => k.keyId).sort());
      const { requests } = provider.stats();
      expect(requests.ListKeys).toBe(1);
      expect(requests.ListResourceTags).toBeGreaterThan(0);
      // The first page before the switch, the second because deniedLater was not on the first.
      expect(requests.GetResources).toBe(2);
      expect(requests.DescribeKey).toBe(OURS);
    } finally {
      await proxy.close();
    }
  });

  it('returns nothing for a manifest without keys in one call', async () => {
    const provider = await env.newProvider({ discovery: 'auto' });
    expect(await provider.keys.listManagedKeys('nobody')).toEqual([]);
    expect(provider.stats().requests).toEqual({ GetResources: 1 });
  });
});

/**
 * Forwards to the sandbox, except calls whose X-Amz-Target starts with `denied` (and whose body
 * `when` accepts), which get AccessDeniedException as AWS sends it.
 */
function denyProxy(
  target: string,
  denied: string,
  action: string,
  when: (body: string) => boolean = () => true,
  delayMs: (amzTarget: string, body: string) => number = () => 0,
): Promise<RefusingProxy> {
  return refusingProxy(target, {
    refuse: ({ amzTarget, body }) => (amzTarget.startsWith(denied) && when(body) ? { type: 'AccessDeniedException', message: `User is not authorized to perform: ${action}` } : null),
    delayMs,
  });
}
