/** GetResources through the real @aws-sdk/client-resource-groups-tagging-api. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { startFixture, stopFixture, type Fixture } from './helpers.js';

let f: Fixture;
const arns: Record<string, string> = {};

beforeAll(async () => {
  f = await startFixture();
  for (let i = 0; i < 5; i++) {
    const { KeyMetadata } = await f.kms.send(
      new CreateKeyCommand({ Origin: 'EXTERNAL', Tags: [{ TagKey: 'byok:manifest', TagValue: i < 4 ? 'mine' : 'theirs' }, { TagKey: 'byok:key', TagValue: `k${i}` }] }),
    );
    arns[`k${i}`] = KeyMetadata!.Arn!;
  }
  await f.kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' })); // untagged: never listed
});
afterAll(() => stopFixture(f));

it('filters KMS keys by tag and pages with PaginationToken', async () => {
  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await f.tagging.send(
      new GetResourcesCommand({ ResourceTypeFilters: ['kms:key'], TagFilters: [{ Key: 'byok:manifest', Values: ['mine'] }], ResourcesPerPage: 3, PaginationToken: token }),
    );
    pages++;
    for (const m of page.ResourceTagMappingList!) {
      seen.push(m.ResourceARN!);
      expect(m.Tags).toEqual(expect.arrayContaining([{ Key: 'byok:manifest', Value: 'mine' }]));
    }
    token = page.PaginationToken || undefined;
  } while (token);
  expect(pages).toBe(2);
  expect(seen.sort()).toEqual([arns.k0, arns.k1, arns.k2, arns.k3].sort());
});

it('matches a tag key with any value, and other resource types match nothing', async () => {
  const all = await f.tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: 'byok:key' }] }));
  expect(all.ResourceTagMappingList).toHaveLength(5);
  expect(all.PaginationToken).toBe('');
  const buckets = await f.tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['s3'] }));
  expect(buckets.ResourceTagMappingList).toEqual([]);
});

it('rejects a bad page size and an unknown token', async () => {
  await expect(f.tagging.send(new GetResourcesCommand({ ResourcesPerPage: 500 }))).rejects.toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
  await expect(f.tagging.send(new GetResourcesCommand({ PaginationToken: 'garbage' }))).rejects.toMatchObject({
    name: 'PaginationTokenExpiredException',
    $metadata: { httpStatusCode: 400 },
  });
});
