import { describe, expect, it } from 'vitest';
import { DAY, awsError, externalKey, importInto, material32, newSim } from './helpers.js';
import type { LocalSimulator } from '../../src/sim/simulator.js';

const inDays = (sim: LocalSimulator, d: number) => new Date(sim.clock.now().getTime() + d * DAY);
const materials = (sim: LocalSimulator, KeyId: string) =>
  sim.listKeyRotations({ KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }).Rotations.map((r) => ({ id: r.KeyMaterialId, state: r.KeyMaterialState, imported: r.ImportState, description: r.KeyMaterialDescription }));

/** A key with material A (current, 30 d) and material B imported NEW, pending rotation. */
async function twoMaterials() {
  const { sim, clock } = newSim();
  const keyId = externalKey(sim);
  const a = material32();
  const b = material32();
  const idA = (await importInto(sim, keyId, a, { description: 'byok kcv aaaaaa' })).KeyMaterialId;
  const idB = (await importInto(sim, keyId, b, { importType: 'NEW_KEY_MATERIAL', validTo: inDays(sim, 60), description: 'byok kcv bbbbbb' })).KeyMaterialId;
  return { sim, clock, keyId, a, b, idA, idB };
}

describe('multi-material keys (ImportType NEW_KEY_MATERIAL, RotateKeyOnDemand)', () => {
  it('keeps a NEW material PENDING_ROTATION until RotateKeyOnDemand makes it CURRENT; the old one stays NON_CURRENT', async () => {
    const { sim, keyId, idA, idB } = await twoMaterials();
    expect(idB).not.toBe(idA);
    expect(sim.describeKey({ KeyId: keyId }).KeyMetadata.CurrentKeyMaterialId).toBe(idA);
    expect(materials(sim, keyId)).toEqual([
      { id: idA, state: 'CURRENT', imported: 'IMPORTED', description: 'byok kcv aaaaaa' },
      { id: idB, state: 'PENDING_ROTATION', imported: 'IMPORTED', description: 'byok kcv bbbbbb' },
    ]);
    expect(sim.listKeyRotations({ KeyId: keyId }).Rotations).toEqual([]);
    sim.rotateKeyOnDemand({ KeyId: keyId });
    const md = sim.describeKey({ KeyId: keyId }).KeyMetadata;
    expect(md.CurrentKeyMaterialId).toBe(idB);
    // ValidTo is the earliest expiry among the permanently associated materials (A's 30 d).
    expect(md.ValidTo).toEqual(inDays(sim, 30));
    expect(materials(sim, keyId).map((m) => m.state)).toEqual(['NON_CURRENT', 'CURRENT']);
    const rotations = sim.listKeyRotations({ KeyId: keyId }).Rotations;
    expect(rotations).toHaveLength(1);
    expect(rotations[0]).toMatchObject({ KeyMaterialId: idB, RotationType: 'ON_DEMAND', RotationDate: sim.clock.now() });
  });

  it('refuses a second pending material, a NEW import of an associated one, and a rotation without a pending one', async () => {
    const { sim, keyId, a, idA, idB } = await twoMaterials();
    expect(await awsError(() => importInto(sim, keyId, material32(), { importType: 'NEW_KEY_MATERIAL' }))).toBe('KMSInvalidStateException');
    expect(await awsError(() => importInto(sim, keyId, a, { importType: 'NEW_KEY_MATERIAL' }))).toBe('IncorrectKeyMaterialException');
    sim.rotateKeyOnDemand({ KeyId: keyId });
    expect(await awsError(() => sim.rotateKeyOnDemand({ KeyId: keyId }))).toBe('KMSInvalidStateException');
    // EXISTING with the wrong material for an id is refused; with the right one it renews that material only.
    expect(await awsError(() => importInto(sim, keyId, a, { importType: 'EXISTING_KEY_MATERIAL', keyMaterialId: idB }))).toBe('IncorrectKeyMaterialException');
    await importInto(sim, keyId, a, { importType: 'EXISTING_KEY_MATERIAL', keyMaterialId: idA, validTo: inDays(sim, 200) });
    expect(sim.describeKey({ KeyId: keyId }).KeyMetadata.ValidTo).toEqual(inDays(sim, 60));
  });

  it('takes the whole key to PendingImport when an old (NON_CURRENT) material expires, and back with that same material', async () => {
    const { sim, clock, keyId, a, idA } = await twoMaterials();
    sim.rotateKeyOnDemand({ KeyId: keyId });
    clock.advance(31 * DAY);
    expect(sim.describeKey({ KeyId: keyId }).KeyMetadata.KeyState).toBe('PendingImport');
    expect(materials(sim, keyId)[0]).toMatchObject({ id: idA, state: 'NON_CURRENT', imported: 'PENDING_IMPORT' });
    expect(await awsError(() => importInto(sim, keyId, material32(), { importType: 'EXISTING_KEY_MATERIAL', keyMaterialId: idA }))).toBe('IncorrectKeyMaterialException');
    await importInto(sim, keyId, a, { importType: 'EXISTING_KEY_MATERIAL', keyMaterialId: idA });
    expect(sim.describeKey({ KeyId: keyId }).KeyMetadata.KeyState).toBe('Enabled');
  });

  it('refuses rotation of a key pending import, and past 25 on-demand rotations', async () => {
    const { sim, keyId } = await twoMaterials();
    sim.deleteImportedKeyMaterial({ KeyId: keyId });
    expect(await awsError(() => sim.rotateKeyOnDemand({ KeyId: keyId }))).toBe('KMSInvalidStateException');
    const { sim: s2 } = newSim();
    const k = externalKey(s2);
    await importInto(s2, k, material32(), { validTo: undefined });
    for (let i = 0; i < 25; i++) {
      await importInto(s2, k, material32(), { importType: 'NEW_KEY_MATERIAL', validTo: undefined });
      s2.rotateKeyOnDemand({ KeyId: k });
    }
    await importInto(s2, k, material32(), { importType: 'NEW_KEY_MATERIAL', validTo: undefined });
    expect(await awsError(() => s2.rotateKeyOnDemand({ KeyId: k }))).toBe('LimitExceededException');
  });

  it('deletes a pending material outright, and an associated one by KeyMaterialId (key PendingImport)', async () => {
    const { sim, keyId, idA, idB } = await twoMaterials();
    expect(sim.deleteImportedKeyMaterial({ KeyId: keyId, KeyMaterialId: idB })).toMatchObject({ KeyMaterialId: idB });
    expect(materials(sim, keyId).map((m) => m.id)).toEqual([idA]);
    expect(await awsError(() => sim.deleteImportedKeyMaterial({ KeyId: keyId, KeyMaterialId: idB }))).toBe('NotFoundException');
    sim.deleteImportedKeyMaterial({ KeyId: keyId, KeyMaterialId: idA });
    expect(sim.describeKey({ KeyId: keyId }).KeyMetadata.KeyState).toBe('PendingImport');
  });

  it('survives a save and reload of the state file', async () => {
    const { sim, keyId, idA, idB } = await twoMaterials();
    sim.rotateKeyOnDemand({ KeyId: keyId });
    const { sim: again } = newSim();
    again.loadState(JSON.parse(JSON.stringify(sim.toState())));
    expect(materials(again, keyId).map((m) => [m.id, m.state])).toEqual([[idA, 'NON_CURRENT'], [idB, 'CURRENT']]);
  });
});

describe('GetKeyLastUsage', () => {
  it('reports the last S3 read or write under the key, and nothing for an unused key', async () => {
    const { sim, clock } = newSim();
    const keyId = externalKey(sim);
    await importInto(sim, keyId, material32());
    const fresh = sim.getKeyLastUsage({ KeyId: keyId });
    expect(fresh.KeyLastUsage).toEqual({});
    expect(fresh.TrackingStartDate).toEqual(sim.describeKey({ KeyId: keyId }).KeyMetadata.CreationDate);
    sim.createBucket({ Bucket: 'usage-bucket' });
    sim.putObject({ Bucket: 'usage-bucket', Key: 'o', Body: Buffer.from('x'), ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyId });
    expect(sim.getKeyLastUsage({ KeyId: keyId }).KeyLastUsage).toEqual({ Operation: 'GenerateDataKey', Timestamp: clock.now() });
    clock.advance(DAY);
    sim.getObject({ Bucket: 'usage-bucket', Key: 'o' });
    expect(sim.getKeyLastUsage({ KeyId: keyId }).KeyLastUsage).toEqual({ Operation: 'Decrypt', Timestamp: clock.now() });
  });
});
