/** Every KMS operation of the simulator contract, through the real @aws-sdk/client-kms over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
} from '@aws-sdk/client-kms';
import { fakeSigV4, inDays, material32, rawRequest, startFixture, stopFixture, wrapOaep256, type Fixture } from './helpers.js';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(() => stopFixture(f));

async function createExternal(description = 'k'): Promise<{ KeyId: string; Arn: string }> {
  const { KeyMetadata } = await f.kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL', Description: description }));
  return { KeyId: KeyMetadata!.KeyId!, Arn: KeyMetadata!.Arn! };
}

async function importInto(keyId: string, material: Buffer, validTo: Date): Promise<string> {
  const p = await f.kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
  const out = await f.kms.send(
    new ImportKeyMaterialCommand({
      KeyId: keyId,
      ImportToken: p.ImportToken!,
      EncryptedKeyMaterial: wrapOaep256(p.PublicKey!, material),
      ExpirationModel: 'KEY_MATERIAL_EXPIRES',
      ValidTo: validTo,
    }),
  );
  return out.KeyMaterialId!;
}

/** The SDK error's name and HTTP status, or a failure if the call succeeded. */
async function failure(p: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  throw new Error('expected the call to fail');
}

describe('key lifecycle', () => {
  it('creates an EXTERNAL key in PendingImport with tags, timestamps as Dates', async () => {
    const before = Date.now();
    const { KeyMetadata } = await f.kms.send(
      new CreateKeyCommand({ Origin: 'EXTERNAL', Description: 'imported_key', Tags: [{ TagKey: 'byok:manifest', TagValue: 'm1' }] }),
    );
    expect(KeyMetadata).toMatchObject({ KeyState: 'PendingImport', Enabled: false, Origin: 'EXTERNAL', Description: 'imported_key', KeySpec: 'SYMMETRIC_DEFAULT' });
    expect(KeyMetadata!.Arn).toMatch(/^arn:aws:kms:us-east-1:\d{12}:key\//);
    expect(KeyMetadata!.CreationDate).toBeInstanceOf(Date);
    expect(KeyMetadata!.CreationDate!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const tags = await f.kms.send(new ListResourceTagsCommand({ KeyId: KeyMetadata!.KeyId! }));
    expect(tags.Tags).toEqual([{ TagKey: 'byok:manifest', TagValue: 'm1' }]);
  });

  it('imports material (blobs in base64, ValidTo as epoch seconds) and describes it', async () => {
    const { KeyId } = await createExternal();
    const p = await f.kms.send(new GetParametersForImportCommand({ KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
    expect(p.PublicKey!.length).toBeGreaterThan(250);
    expect(p.ImportToken!.length).toBeGreaterThan(0);
    expect(p.ParametersValidTo!.getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);
    const validTo = new Date(Math.floor(inDays(100).getTime() / 1000) * 1000);
    const material = material32();
    const out = await f.kms.send(
      new ImportKeyMaterialCommand({
        KeyId,
        ImportToken: p.ImportToken!,
        EncryptedKeyMaterial: wrapOaep256(p.PublicKey!, material),
        ExpirationModel: 'KEY_MATERIAL_EXPIRES',
        ValidTo: validTo,
      }),
    );
    expect(out.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    const d = await f.kms.send(new DescribeKeyCommand({ KeyId }));
    expect(d.KeyMetadata).toMatchObject({ KeyState: 'Enabled', Enabled: true, ExpirationModel: 'KEY_MATERIAL_EXPIRES' });
    expect(d.KeyMetadata!.ValidTo!.toISOString()).toBe(validTo.toISOString());

    // Different material on the same key: AWS's IncorrectKeyMaterialException.
    const other = await failure(importInto(KeyId, material32(), inDays(10)));
    expect(other).toMatchObject({ name: 'IncorrectKeyMaterialException', status: 400 });
    // The same material again (a renewal) is accepted and gives the same material id.
    expect(await importInto(KeyId, material, inDays(200))).toBe(out.KeyMaterialId);
  });

  it('disables, enables, deletes material, schedules and cancels deletion', async () => {
    const { KeyId } = await createExternal();
    await importInto(KeyId, material32(), inDays(30));
    await f.kms.send(new DisableKeyCommand({ KeyId }));
    expect((await f.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!.KeyState).toBe('Disabled');
    await f.kms.send(new EnableKeyCommand({ KeyId }));
    expect((await f.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!.KeyState).toBe('Enabled');
    const sched = await f.kms.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
    expect(sched.KeyState).toBe('PendingDeletion');
    expect(sched.PendingWindowInDays).toBe(7);
    expect(sched.DeletionDate!.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    await f.kms.send(new CancelKeyDeletionCommand({ KeyId }));
    expect((await f.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!.KeyState).toBe('Disabled');
    const del = await f.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId }));
    expect(del.$metadata.httpStatusCode).toBe(200);
    expect((await f.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!.KeyState).toBe('PendingImport');
  });

  it('pages ListKeys with Limit/Marker', async () => {
    await createExternal();
    await createExternal();
    const first = await f.kms.send(new ListKeysCommand({ Limit: 1 }));
    expect(first.Keys).toHaveLength(1);
    expect(first.Truncated).toBe(true);
    const second = await f.kms.send(new ListKeysCommand({ Limit: 1, Marker: first.NextMarker! }));
    expect(second.Keys![0]!.KeyId).not.toBe(first.Keys![0]!.KeyId);
    expect(second.Keys![0]!.KeyArn).toMatch(/^arn:aws:kms:/);
  });
});

describe('aliases and tags', () => {
  it('creates, resolves, moves, lists and deletes an alias', async () => {
    const a = await createExternal('a');
    const b = await createExternal('b');
    await f.kms.send(new CreateAliasCommand({ AliasName: 'alias/wire-test', TargetKeyId: a.KeyId }));
    expect((await f.kms.send(new DescribeKeyCommand({ KeyId: 'alias/wire-test' }))).KeyMetadata!.KeyId).toBe(a.KeyId);
    expect(await failure(f.kms.send(new CreateAliasCommand({ AliasName: 'alias/wire-test', TargetKeyId: b.KeyId })))).toMatchObject({
      name: 'AlreadyExistsException',
      status: 400,
    });
    await f.kms.send(new UpdateAliasCommand({ AliasName: 'alias/wire-test', TargetKeyId: b.KeyId }));
    const listed = await f.kms.send(new ListAliasesCommand({ KeyId: b.KeyId }));
    expect(listed.Aliases!.map((x) => x.AliasName)).toEqual(['alias/wire-test']);
    expect(listed.Aliases![0]!.CreationDate).toBeInstanceOf(Date);
    await f.kms.send(new DeleteAliasCommand({ AliasName: 'alias/wire-test' }));
    expect((await f.kms.send(new ListAliasesCommand({ KeyId: b.KeyId }))).Aliases).toEqual([]);
    expect(await failure(f.kms.send(new CreateAliasCommand({ AliasName: 'no-prefix', TargetKeyId: a.KeyId })))).toMatchObject({
      name: 'ValidationException',
      status: 400,
    });
  });

  it('tags and untags a key', async () => {
    const { KeyId } = await createExternal();
    await f.kms.send(new TagResourceCommand({ KeyId, Tags: [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'b', TagValue: '2' }] }));
    await f.kms.send(new UntagResourceCommand({ KeyId, TagKeys: ['a'] }));
    expect((await f.kms.send(new ListResourceTagsCommand({ KeyId }))).Tags).toEqual([{ TagKey: 'b', TagValue: '2' }]);
    expect(await failure(f.kms.send(new TagResourceCommand({ KeyId, Tags: [{ TagKey: 'aws:x', TagValue: '1' }] })))).toMatchObject({
      name: 'TagException',
      status: 400,
    });
  });
});

describe('errors', () => {
  it('answers AWS error names and statuses', async () => {
    expect(await failure(f.kms.send(new DescribeKeyCommand({ KeyId: '00000000-0000-0000-0000-000000000000' })))).toMatchObject({
      name: 'NotFoundException',
      status: 400,
    });
    const native = await f.kms.send(new CreateKeyCommand({}));
    const unsupported = await failure(
      f.kms.send(new GetParametersForImportCommand({ KeyId: native.KeyMetadata!.KeyId!, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })),
    );
    expect(unsupported).toMatchObject({ name: 'UnsupportedOperationException', status: 400 });
    expect(unsupported.message).toMatch(/origin is AWS_KMS/);
    const missing = await failure(f.kms.send(new DescribeKeyCommand({} as never)));
    expect(missing).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(missing.message).toMatch(/Value null at 'keyId'/);
  });

  it('refuses unknown operations and bodies that are not JSON', async () => {
    const headers = { authorization: fakeSigV4(), 'content-type': 'application/x-amz-json-1.1' };
    const unknown = await rawRequest(f.sb.url, { method: 'POST', headers: { ...headers, 'x-amz-target': 'TrentService.Frobnicate' }, body: '{}' });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).__type).toBe('UnknownOperationException');
    const bad = await rawRequest(f.sb.url, { method: 'POST', headers: { ...headers, 'x-amz-target': 'TrentService.ListKeys' }, body: '{nope' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).__type).toBe('SerializationException');
    expect(bad.headers['content-type']).toBe('application/x-amz-json-1.1');
  });
});
