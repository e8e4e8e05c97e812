import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeKeyCommand, KMSClient, ListKeyRotationsCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesiredState, PlanDocument } from '../../src/core/types.js';
import { applyPlan } from '../../src/engine/apply.js';
import { computePlan, loadDesired, openSession } from '../../src/engine/session.js';
import { createLogger } from '../../src/log.js';
import { LocalSimulator } from '../../src/sim/simulator.js';
import { startSandbox, type SandboxHandle, type SandboxSim } from '../../src/wire/aws/index.js';
import { OffsetClock, useTestCredentials } from './env.js';
import { tempDir } from '../e2e/cli.js';

const DAY = 86_400_000;

/**
 * `rotation: in-place` end to end through the real AWS SDK against the sandbox: the engine plans
 * and applies; the key's materials are read back with the SDK's own ListKeyRotations. The sandbox
 * and the engine share one movable clock, so renewals and an expiry happen as days pass.
 */
describe('in-place rotation through the AWS SDK against the sandbox', () => {
  const clock = new OffsetClock();
  const sim = new LocalSimulator({ clock, wrappingKeyPool: 1 });
  const dir = tempDir('byok-inplace-aws-');
  let sandbox: SandboxHandle;
  let kms: KMSClient;

  const manifest = (materials: string[]) => `version: 1
name: inplace-aws
providers:
  cloud: { type: aws, region: us-east-1, endpoint: ${sandbox.url}, quotas: { GetParametersForImport: 1000, ImportKeyMaterial: 1000, RotateKeyOnDemand: 1000 } }
defaults:
  provider: cloud
  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }
  expiration: { validFor: 90d, renewBefore: 10d }
keys:
  payments:
    rotation: in-place
    materials:
${materials.map((m) => `      - { file: ${m} }`).join('\n')}
    aliases: [alias/payments]
`;

  async function cycle(materials: string[]): Promise<{ doc: PlanDocument; desired: DesiredState }> {
    writeFileSync(join(dir, 'keys.yaml'), manifest(materials));
    const { desired } = await loadDesired('keys.yaml', dir, process.env);
    const session = await openSession(desired, null);
    try {
      const { doc } = await computePlan(session, clock.now());
      const report = await applyPlan(doc, { desired, providers: session.providers, clock, log: createLogger('silent', () => undefined) });
      expect(report.failed, JSON.stringify(report.outcomes.filter((o) => o.result !== 'applied'))).toBe(0);
      return { doc, desired };
    } finally {
      await session.close();
    }
  }

  const rotations = async (KeyId: string) =>
    (await kms.send(new ListKeyRotationsCommand({ KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }))).Rotations ?? [];

  beforeAll(async () => {
    useTestCredentials();
    sandbox = await startSandbox({ sim, port: 0 });
    kms = new KMSClient({ region: 'us-east-1', endpoint: sandbox.url });
    for (const m of ['m1.bin', 'm2.bin']) execFileSync('openssl', ['rand', '-out', join(dir, m), '32']);
  });
  afterAll(async () => {
    kms?.destroy();
    await sandbox?.close();
  });

  it('adds a material (NEW_KEY_MATERIAL, RotateKeyOnDemand), renews each on its own and recovers an expired one', async () => {
    const first = await cycle(['m1.bin']);
    expect(first.doc.actions.map((a) => a.kind)).toEqual(['create-key', 'import-material', 'create-alias']);
    const keyId = sim.listAliases({}).Aliases.find((a) => a.AliasName === 'alias/payments')!.TargetKeyId;

    const added = await cycle(['m1.bin', 'm2.bin']);
    expect(added.doc.actions.map((a) => a.kind)).toEqual(['import-material', 'rotate-key']);
    const kcv = added.desired.keys[0]!.materials!.map((m) => m.kcv);
    const rs = await rotations(keyId);
    expect(rs.map((r) => [r.KeyMaterialDescription, r.KeyMaterialState, r.ImportState])).toEqual([
      [`byok kcv ${kcv[0]}`, 'NON_CURRENT', 'IMPORTED'],
      [`byok kcv ${kcv[1]}`, 'CURRENT', 'IMPORTED'],
    ]);
    expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.CurrentKeyMaterialId).toBe(rs[1]!.KeyMaterialId);
    expect((await cycle(['m1.bin', 'm2.bin'])).doc.actions).toEqual([]);

    // Day 81: both materials were imported on day 0, so both are inside renewBefore; each is renewed by its own id.
    clock.advance(81 * DAY);
    const renewed = await cycle(['m1.bin', 'm2.bin']);
    expect(renewed.doc.actions.map((a) => a.kind === 'reimport-material' && a.inPlace)).toEqual([
      { importType: 'EXISTING_KEY_MATERIAL', keyMaterialId: rs[0]!.KeyMaterialId },
      { importType: 'EXISTING_KEY_MATERIAL', keyMaterialId: rs[1]!.KeyMaterialId },
    ]);
    expect((await rotations(keyId)).every((r) => r.ValidTo!.getTime() > clock.now().getTime() + 80 * DAY)).toBe(true);

    // Past both ValidTo dates with no run in between: the key is PendingImport; one apply recovers it.
    clock.advance(95 * DAY);
    expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState).toBe('PendingImport');
    const recovered = await cycle(['m1.bin', 'm2.bin']);
    expect(recovered.doc.actions.map((a) => a.reason)).toEqual([expect.stringMatching(/recovering/), expect.stringMatching(/recovering/)]);
    expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState).toBe('Enabled');
  }, 60_000);

  it('reads GetKeyLastUsage through the SDK, and reports it unavailable where the service lacks it', async () => {
    useTestCredentials();
    const { desired } = await loadDesired('keys.yaml', dir, process.env);
    const keyId = sim.listAliases({}).Aliases.find((a) => a.AliasName === 'alias/payments')!.TargetKeyId;
    sim.createBucket({ Bucket: 'usage-check' });
    sim.putObject({ Bucket: 'usage-check', Key: 'o', Body: Buffer.from('x'), ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyId });
    const session = await openSession(desired, null);
    try {
      const keys = session.providers.get('cloud')!.keys;
      expect(await keys.lastUsageAvailable!()).toBe(true);
      const usage = await keys.keyLastUsage!(keyId);
      expect(usage?.operation).toBe('GenerateDataKey');
      expect(Math.abs(usage!.lastUsedAt!.getTime() - clock.now().getTime())).toBeLessThan(5_000);
    } finally {
      await session.close();
    }

    // An emulator without the operation: UnknownOperationException, so the guard falls back.
    const bare = new Proxy(sim, { get: (t, p) => (p === 'getKeyLastUsage' ? undefined : Reflect.get(t, p)) }) as SandboxSim;
    const emulator = await startSandbox({ sim: bare, port: 0 });
    try {
      const other = { ...desired, providers: { cloud: { ...desired.providers.cloud!, endpoint: { kms: emulator.url, s3: emulator.url } } } };
      const s2 = await openSession(other, null);
      try {
        const keys = s2.providers.get('cloud')!.keys;
        expect(await keys.lastUsageAvailable!()).toBe(false);
        expect(await keys.keyLastUsage!(keyId)).toBeNull();
      } finally {
        await s2.close();
      }
    } finally {
      await emulator.close();
    }
  });
});
