import { describe, expect, it } from 'vitest';
import { DAY, awsError, externalKey, importInto, material32, newSim } from './helpers.js';

describe('material expiry (simulated time)', () => {
  it('falls to PendingImport at ValidTo; S3 reads fail; only the same material recovers the key', async () => {
    const { sim, clock } = newSim();
    const k = externalKey(sim);
    const m = material32();
    const validTo = new Date(clock.now().getTime() + 10 * DAY);
    await importInto(sim, k, m, { validTo });
    sim.createBucket({ Bucket: 'data' });
    sim.putBucketEncryption({ Bucket: 'data', SSEAlgorithm: 'aws:kms', KMSMasterKeyID: k });
    sim.putObject({ Bucket: 'data', Key: 'a.txt', Body: Buffer.from('hello') });

    clock.set(new Date(validTo.getTime() - 1));
    expect(sim.getObject({ Bucket: 'data', Key: 'a.txt' }).Body.toString()).toBe('hello');

    clock.set(validTo);
    const md = sim.describeKey({ KeyId: k }).KeyMetadata;
    expect(md).toMatchObject({ KeyState: 'PendingImport', Enabled: false, ExpirationModel: 'KEY_MATERIAL_EXPIRES' });
    expect(md.ValidTo).toBeUndefined();
    expect(await awsError(() => sim.getObject({ Bucket: 'data', Key: 'a.txt' }))).toBe('KMS.KMSInvalidStateException');
    expect(await awsError(() => sim.putObject({ Bucket: 'data', Key: 'b.txt', Body: Buffer.from('x') }))).toBe('KMS.KMSInvalidStateException');
    expect(sim.headObject({ Bucket: 'data', Key: 'a.txt' }).SSEKMSKeyId).toBe(md.Arn);

    expect(await awsError(() => importInto(sim, k, material32()))).toBe('IncorrectKeyMaterialException');
    await importInto(sim, k, m, { validTo: new Date(clock.now().getTime() + 365 * DAY) });
    expect(sim.describeKey({ KeyId: k }).KeyMetadata.KeyState).toBe('Enabled');
    expect(sim.getObject({ Bucket: 'data', Key: 'a.txt' }).Body.toString()).toBe('hello');
  });

  it('a Disabled key whose material expires goes to PendingImport, and comes back Disabled', async () => {
    const { sim, clock } = newSim();
    const k = externalKey(sim);
    const m = material32();
    await importInto(sim, k, m, { validTo: new Date(clock.now().getTime() + DAY) });
    sim.disableKey({ KeyId: k });
    clock.advance(2 * DAY);
    expect(sim.describeKey({ KeyId: k }).KeyMetadata.KeyState).toBe('PendingImport');
    await importInto(sim, k, m);
    expect(sim.describeKey({ KeyId: k }).KeyMetadata.KeyState).toBe('Disabled');
  });

  it('material that does not expire never does', async () => {
    const { sim, clock } = newSim();
    const k = externalKey(sim);
    await importInto(sim, k, material32(), { validTo: undefined });
    clock.advance(5000 * DAY);
    expect(sim.describeKey({ KeyId: k }).KeyMetadata.KeyState).toBe('Enabled');
  });

  it('reimport moves ValidTo, and the earlier deadline no longer applies', async () => {
    const { sim, clock } = newSim();
    const k = externalKey(sim);
    const m = material32();
    await importInto(sim, k, m, { validTo: new Date(clock.now().getTime() + 5 * DAY) });
    await importInto(sim, k, m, { validTo: new Date(clock.now().getTime() + 50 * DAY) });
    clock.advance(6 * DAY);
    expect(sim.describeKey({ KeyId: k }).KeyMetadata.KeyState).toBe('Enabled');
    clock.advance(44 * DAY);
    expect(sim.describeKey({ KeyId: k }).KeyMetadata.KeyState).toBe('PendingImport');
  });

  it('expires each key at its own ValidTo', async () => {
    const { sim, clock } = newSim();
    const keys = [3, 1, 2].map((days) => ({ days, id: externalKey(sim) }));
    for (const { days, id } of keys) await importInto(sim, id, material32(), { validTo: new Date(clock.now().getTime() + days * DAY) });
    const states = () => keys.map(({ id }) => sim.describeKey({ KeyId: id }).KeyMetadata.KeyState);
    clock.advance(DAY);
    expect(states()).toEqual(['Enabled', 'PendingImport', 'Enabled']);
    clock.advance(DAY);
    expect(states()).toEqual(['Enabled', 'PendingImport', 'PendingImport']);
    clock.advance(DAY);
    expect(states()).toEqual(['PendingImport', 'PendingImport', 'PendingImport']);
  });
});
