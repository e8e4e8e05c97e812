import { describe, expect, it } from 'vitest';
import { DAY, awsError, externalKey, importInto, material32, newSim } from './helpers.js';

const tag = (TagKey: string, TagValue = 'v') => ({ TagKey, TagValue });

describe('CreateKey validation', () => {
  it.each([
    ['51 tags', { Tags: Array.from({ length: 51 }, (_, i) => tag(`k${i}`)) }, 'TagException'],
    ['an aws: tag', { Tags: [tag('aws:owner')] }, 'TagException'],
    ['an AWS: tag (any case)', { Tags: [tag('AWS:owner')] }, 'TagException'],
    ['duplicate tag keys', { Tags: [tag('a'), tag('a')] }, 'TagException'],
    ['a 129-character tag key', { Tags: [tag('k'.repeat(129))] }, 'ValidationException'],
    ['a 257-character tag value', { Tags: [tag('k', 'v'.repeat(257))] }, 'ValidationException'],
    ['an unknown key spec', { KeySpec: 'AES_128' }, 'ValidationException'],
    ['HMAC without KeyUsage', { KeySpec: 'HMAC_256' }, 'ValidationException'],
    ['SM2 outside China', { KeySpec: 'SM2', KeyUsage: 'ENCRYPT_DECRYPT' }, 'ValidationException'],
    ['an unknown origin', { Origin: 'MOON' }, 'ValidationException'],
    ['a CloudHSM origin', { Origin: 'AWS_CLOUDHSM' }, 'UnsupportedOperationException'],
  ])('rejects %s', async (_n, req, code) => {
    const { sim } = newSim();
    expect(await awsError(() => sim.createKey({ Origin: 'EXTERNAL', ...req }))).toBe(code);
    expect(sim.listKeys({}).Keys).toHaveLength(0);
  });

  it('accepts 50 tags and HMAC with GENERATE_VERIFY_MAC', () => {
    const { sim } = newSim();
    const a = sim.createKey({ Origin: 'EXTERNAL', Tags: Array.from({ length: 50 }, (_, i) => tag(`k${i}`)) }).KeyMetadata.KeyId;
    expect(sim.listResourceTags({ KeyId: a }).Tags).toHaveLength(50);
    expect(sim.createKey({ Origin: 'EXTERNAL', KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }).KeyMetadata.KeySpec).toBe('HMAC_256');
  });
});

describe('key state machine', () => {
  it('Enable/Disable, and EnableKey on PendingImport fails', async () => {
    const { sim } = newSim();
    const k = externalKey(sim);
    expect(await awsError(() => sim.enableKey({ KeyId: k }))).toBe('KMSInvalidStateException');
    expect(await awsError(() => sim.disableKey({ KeyId: k }))).toBe('KMSInvalidStateException');
    await importInto(sim, k, material32());
    sim.disableKey({ KeyId: k });
    expect(sim.describeKey({ KeyId: k }).KeyMetadata).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    sim.enableKey({ KeyId: k });
    expect(sim.describeKey({ KeyId: k }).KeyMetadata).toMatchObject({ KeyState: 'Enabled', Enabled: true });
  });

  it.each([[6], [31], [0], [7.5]])('ScheduleKeyDeletion refuses a %s-day window', async (days) => {
    const { sim } = newSim();
    const k = externalKey(sim);
    expect(await awsError(() => sim.scheduleKeyDeletion({ KeyId: k, PendingWindowInDays: days }))).toBe('ValidationException');
  });

  it('schedules deletion (default 30 days), cancels to Disabled, deletes with aliases after the window', async () => {
    const { sim, clock } = newSim();
    const k = externalKey(sim);
    await importInto(sim, k, material32(), { validTo: undefined });
    const r = sim.scheduleKeyDeletion({ KeyId: k });
    expect(r.PendingWindowInDays).toBe(30);
    expect(r.DeletionDate.getTime() - clock.now().getTime()).toBe(30 * DAY);
    expect(sim.describeKey({ KeyId: k }).KeyMetadata).toMatchObject({ KeyState: 'PendingDeletion', PendingDeletionWindowInDays: 30 });
    expect(await awsError(() => sim.scheduleKeyDeletion({ KeyId: k }))).toBe('KMSInvalidStateException');
    expect(await awsError(() => sim.enableKey({ KeyId: k }))).toBe('KMSInvalidStateException');
    expect(await awsError(() => sim.tagResource({ KeyId: k, Tags: [tag('a')] }))).toBe('KMSInvalidStateException');
    expect(await awsError(() => sim.createAlias({ AliasName: 'alias/x', TargetKeyId: k }))).toBe('KMSInvalidStateException');
    sim.cancelKeyDeletion({ KeyId: k });
    expect(sim.describeKey({ KeyId: k }).KeyMetadata.KeyState).toBe('Disabled');
    expect(await awsError(() => sim.cancelKeyDeletion({ KeyId: k }))).toBe('KMSInvalidStateException');

    sim.createAlias({ AliasName: 'alias/doomed', TargetKeyId: k });
    sim.scheduleKeyDeletion({ KeyId: k, PendingWindowInDays: 7 });
    clock.advance(7 * DAY - 1);
    expect(sim.describeKey({ KeyId: k }).KeyMetadata.KeyState).toBe('PendingDeletion');
    clock.advance(1);
    expect(await awsError(() => sim.describeKey({ KeyId: k }))).toBe('NotFoundException');
    expect(sim.listKeys({}).Keys).toHaveLength(0);
    expect(sim.listAliases({}).Aliases).toHaveLength(0);
  });

  it('cancelling the deletion of a key without material returns it to PendingImport', () => {
    const { sim } = newSim();
    const k = externalKey(sim);
    sim.scheduleKeyDeletion({ KeyId: k });
    sim.cancelKeyDeletion({ KeyId: k });
    expect(sim.describeKey({ KeyId: k }).KeyMetadata.KeyState).toBe('PendingImport');
  });

  it('DeleteImportedKeyMaterial sends the key to PendingImport; the same material recovers it', async () => {
    const { sim } = newSim();
    const k = externalKey(sim);
    const m = material32();
    await importInto(sim, k, m);
    sim.deleteImportedKeyMaterial({ KeyId: k });
    expect(sim.describeKey({ KeyId: k }).KeyMetadata).toMatchObject({ KeyState: 'PendingImport', ExpirationModel: 'KEY_MATERIAL_EXPIRES' });
    expect(await awsError(() => importInto(sim, k, material32()))).toBe('IncorrectKeyMaterialException');
    await importInto(sim, k, m);
    expect(sim.describeKey({ KeyId: k }).KeyMetadata.KeyState).toBe('Enabled');
  });

  it('DeleteImportedKeyMaterial keeps a PendingDeletion key PendingDeletion', async () => {
    const { sim } = newSim();
    const k = externalKey(sim);
    await importInto(sim, k, material32());
    sim.scheduleKeyDeletion({ KeyId: k });
    sim.deleteImportedKeyMaterial({ KeyId: k });
    expect(sim.describeKey({ KeyId: k }).KeyMetadata.KeyState).toBe('PendingDeletion');
  });
});

describe('DescribeKey', () => {
  it('finds a key by id, key ARN, alias name and alias ARN', () => {
    const { sim } = newSim();
    const k = externalKey(sim);
    sim.createAlias({ AliasName: 'alias/app', TargetKeyId: k });
    const arn = `arn:aws:kms:us-east-1:000000000000:key/${k}`;
    for (const ref of [k, arn, 'alias/app', 'arn:aws:kms:us-east-1:000000000000:alias/app']) {
      expect(sim.describeKey({ KeyId: ref }).KeyMetadata.KeyId).toBe(k);
    }
  });

  it.each([
    ['an unknown alias', 'alias/nope', 'NotFoundException'],
    ['a key id that is not a uuid', 'my-key', 'NotFoundException'],
    ['a key ARN of another account', 'arn:aws:kms:us-east-1:111111111111:key/11111111-2222-3333-4444-555555555555', 'NotFoundException'],
    ['a malformed ARN', 'arn:aws:kms:nope', 'InvalidArnException'],
  ])('refuses %s', async (_n, ref, code) => {
    const { sim } = newSim();
    expect(await awsError(() => sim.describeKey({ KeyId: ref }))).toBe(code);
  });
});

describe('aliases', () => {
  it.each([
    ['no alias/ prefix', 'app', 'ValidationException'],
    ['the alias/aws/ prefix', 'alias/aws/s3', 'NotAuthorizedException'],
    ['a space', 'alias/my app', 'ValidationException'],
    ['257 characters', `alias/${'a'.repeat(251)}`, 'ValidationException'],
    ['nothing after alias/', 'alias/', 'InvalidAliasNameException'],
  ])('CreateAlias refuses a name with %s', async (_n, name, code) => {
    const { sim } = newSim();
    const k = externalKey(sim);
    expect(await awsError(() => sim.createAlias({ AliasName: name, TargetKeyId: k }))).toBe(code);
  });

  it('creates, refuses duplicates, updates, deletes', async () => {
    const { sim, clock } = newSim();
    const a = externalKey(sim);
    const b = externalKey(sim);
    sim.createAlias({ AliasName: 'alias/app', TargetKeyId: a });
    expect(await awsError(() => sim.createAlias({ AliasName: 'alias/app', TargetKeyId: b }))).toBe('AlreadyExistsException');
    expect(await awsError(() => sim.createAlias({ AliasName: 'alias/other', TargetKeyId: 'alias/app' }))).toBe('NotFoundException');
    clock.advance(1000);
    sim.updateAlias({ AliasName: 'alias/app', TargetKeyId: b });
    const [al] = sim.listAliases({ KeyId: b }).Aliases;
    expect(al).toMatchObject({ AliasName: 'alias/app', TargetKeyId: b, AliasArn: 'arn:aws:kms:us-east-1:000000000000:alias/app' });
    expect(al!.LastUpdatedDate.getTime() - al!.CreationDate.getTime()).toBe(1000);
    expect(sim.listAliases({ KeyId: a }).Aliases).toHaveLength(0);
    expect(await awsError(() => sim.updateAlias({ AliasName: 'alias/none', TargetKeyId: a }))).toBe('NotFoundException');
    const hmac = sim.createKey({ Origin: 'EXTERNAL', KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }).KeyMetadata.KeyId;
    expect(await awsError(() => sim.updateAlias({ AliasName: 'alias/app', TargetKeyId: hmac }))).toBe('ValidationException');
    sim.deleteAlias({ AliasName: 'alias/app' });
    expect(await awsError(() => sim.deleteAlias({ AliasName: 'alias/app' }))).toBe('NotFoundException');
  });
});

describe('tags', () => {
  it('TagResource replaces values, UntagResource ignores unknown keys, the 50 limit counts existing tags', async () => {
    const { sim } = newSim();
    const k = externalKey(sim, { a: '1' });
    sim.tagResource({ KeyId: k, Tags: [tag('a', '2'), tag('b', '3')] });
    sim.untagResource({ KeyId: k, TagKeys: ['b', 'zzz'] });
    expect(sim.listResourceTags({ KeyId: k }).Tags).toEqual([tag('a', '2')]);
    sim.tagResource({ KeyId: k, Tags: Array.from({ length: 49 }, (_, i) => tag(`k${i}`)) });
    expect(await awsError(() => sim.tagResource({ KeyId: k, Tags: [tag('one-more')] }))).toBe('TagException');
    sim.tagResource({ KeyId: k, Tags: [tag('a', 'replaced')] });
  });
});

describe('pagination', () => {
  it('ListKeys, ListAliases and ListResourceTags page with Limit/Marker without gaps or repeats', () => {
    const { sim } = newSim();
    const ids = Array.from({ length: 7 }, () => externalKey(sim, Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`t${i}`, 'v']))));
    ids.forEach((k, i) => sim.createAlias({ AliasName: `alias/a${i}`, TargetKeyId: k }));
    const collect = <T>(fetch: (m?: string) => { items: T[]; next?: string; truncated: boolean }): T[][] => {
      const pages: T[][] = [];
      let m: string | undefined;
      do {
        const p = fetch(m);
        pages.push(p.items);
        expect(p.truncated).toBe(p.next !== undefined);
        m = p.next;
      } while (m);
      return pages;
    };
    const keyPages = collect((m) => {
      const p = sim.listKeys({ Limit: 3, ...(m ? { Marker: m } : {}) });
      return { items: p.Keys.map((k) => k.KeyId), next: p.NextMarker, truncated: p.Truncated };
    });
    expect(keyPages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(keyPages.flat().sort()).toEqual([...ids].sort());
    const aliasPages = collect((m) => {
      const p = sim.listAliases({ Limit: 4, ...(m ? { Marker: m } : {}) });
      return { items: p.Aliases.map((a) => a.AliasName), next: p.NextMarker, truncated: p.Truncated };
    });
    expect(aliasPages.flat()).toEqual(ids.map((_, i) => `alias/a${i}`));
    const tagPages = collect((m) => {
      const p = sim.listResourceTags({ KeyId: ids[0]!, Limit: 2, ...(m ? { Marker: m } : {}) });
      return { items: p.Tags.map((t) => t.TagKey), next: p.NextMarker, truncated: p.Truncated };
    });
    expect(tagPages.flat()).toEqual(['t0', 't1', 't2', 't3', 't4']);
  });

  it('refuses a bad marker and an out-of-range Limit', async () => {
    const { sim } = newSim();
    expect(await awsError(() => sim.listKeys({ Marker: 'garbage' }))).toBe('InvalidMarkerException');
    expect(await awsError(() => sim.listKeys({ Limit: 1001 }))).toBe('ValidationException');
    expect(await awsError(() => sim.listAliases({ Limit: 101 }))).toBe('ValidationException');
    expect(await awsError(() => sim.listResourceTags({ KeyId: externalKey(sim), Limit: 51 }))).toBe('ValidationException');
  });
});
