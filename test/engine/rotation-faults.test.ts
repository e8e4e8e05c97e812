import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAG } from '../../src/core/types.js';
import { applyPlan } from '../../src/engine/apply.js';
import { computePlan, loadDesired, openSession } from '../../src/engine/session.js';
import { createLogger } from '../../src/log.js';
import { LocalSimulator } from '../../src/sim/simulator.js';
import { startSandbox, type SandboxHandle } from '../../src/wire/aws/index.js';
import { useTestCredentials } from '../aws/env.js';
import { tempDir } from '../e2e/cli.js';

/**
 * Rotation of 30 keys, one of them the default key of a 100-object bucket (300 objects take 40 s here), through the AWS SDK
 * provider against the sandbox at `--faults 0.2 --faults-after-apply 0.1`. Every retire guard
 * used to re-scan the bucket (9,613 HeadObject calls in one apply) and one failed read failed the
 * disable; now one scan per apply is shared, retried, and the estate converges within 3 applies.
 * Two servers share one simulator: the set-up goes through a clean one, the rotation through the
 * faulty one.
 */
const KEYS = 30;
const OBJECTS = 100;

// quietFor: 0d: the objects were written under the old generation moments before, and the
// last-use guard (GetKeyLastUsage) would otherwise hold its disable for a week, as it should.
describe('rotation under 20 % faults before and 10 % after applying', () => {
  const sim = new LocalSimulator({ clock: { now: () => new Date() }, wrappingKeyPool: 1 });
  const dir = tempDir('byok-rotfaults-');
  let clean: SandboxHandle;
  let faulty: SandboxHandle;

  const manifest = (url: string, set: string) => {
    const keys = Array.from({ length: KEYS }, (_, i) => `  k${i}:\n    material: { file: m/${set}-${i}.bin }\n    aliases: [alias/k${i}]\n`).join('');
    return `version: 1\nname: rotfaults\nproviders:\n  cloud:\n    type: aws\n    region: us-east-1\n    endpoint: ${url}\n    discovery: tagging-api\n    quotas: { GetParametersForImport: 1000, CreateKey: 1000, DisableKey: 1000, TagResource: 1000, GetResources: 1000, CreateAlias: 1000, UpdateAlias: 1000, ImportKeyMaterial: 1000 }\ndefaults:\n  provider: cloud\n  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }\n  retire: { action: disable, after: 0d, quietFor: 0d }\nkeys:\n${keys}buckets:\n  rot-data:\n    key: k0\n    reencrypt: true\n`;
  };

  /** Applies until a plan is empty; returns how many applies it took (plans that fail are retried, not counted). */
  const converge = async (maxApplies: number): Promise<number> => {
    const { desired } = await loadDesired('keys.yaml', dir, process.env);
    let applies = 0;
    for (let attempt = 0; attempt < maxApplies * 4; attempt++) {
      const session = await openSession(desired, null);
      try {
        const { doc } = await computePlan(session, null);
        if (doc.actions.length === 0) return applies;
        if (applies === maxApplies) return applies + 1;
        applies++;
        await applyPlan(doc, { desired, providers: session.providers, clock: session.clock, log: createLogger('silent', () => undefined) });
      } catch {
        // A refresh that failed after every retry: a pipeline runs the plan again.
      } finally {
        await session.close();
      }
    }
    return Number.POSITIVE_INFINITY;
  };

  beforeAll(async () => {
    useTestCredentials();
    clean = await startSandbox({ sim, port: 0 });
    faulty = await startSandbox({ sim, port: 0, faultRate: 0.2, faultAfterApplyRate: 0.1, seed: 13 });
    mkdirSync(join(dir, 'm'));
    for (let i = 0; i < KEYS; i++) for (const set of ['a', 'b']) execFileSync('openssl', ['rand', '-out', join(dir, 'm', `${set}-${i}.bin`), '32']);
    sim.createBucket({ Bucket: 'rot-data' });
    writeFileSync(join(dir, 'keys.yaml'), manifest(clean.url, 'a'));
    expect(await converge(1)).toBe(1);
    for (let i = 0; i < OBJECTS; i++) sim.putObject({ Bucket: 'rot-data', Key: `o/${i}`, Body: Buffer.from(`object ${i}`) });
  }, 120_000);
  afterAll(async () => {
    await faulty?.close();
    await clean?.close();
  });

  it('converges within 3 applies, every old generation disabled, every object under the new one', async () => {
    writeFileSync(join(dir, 'keys.yaml'), manifest(faulty.url, 'b'));
    const before = faulty.stats().totals;
    const applies = await converge(3);
    const stats = faulty.stats();
    console.info(JSON.stringify({ applies, calls: stats.totals.calls - before.calls, faults: stats.totals.faults, headObject: stats.calls['HeadObject'] }));
    expect(applies).toBeLessThanOrEqual(3);
    expect(stats.totals.faults).toBeGreaterThan(0);

    const tagsOf = (id: string) => Object.fromEntries(sim.listResourceTags({ KeyId: id }).Tags.map((t) => [t.TagKey, t.TagValue]));
    const metas = sim.listKeys({ Limit: 1000 }).Keys.map((k) => sim.describeKey({ KeyId: k.KeyId }).KeyMetadata);
    for (let i = 0; i < KEYS; i++) {
      const mine = metas.filter((m) => tagsOf(m.KeyId)[TAG.key] === `k${i}` && m.KeyState !== 'PendingDeletion');
      const byGen = (g: string) => mine.filter((m) => tagsOf(m.KeyId)[TAG.generation] === g).map((m) => m.KeyState);
      expect(byGen('1'), `k${i} generation 1`).toEqual(['Disabled']);
      expect(byGen('2'), `k${i} generation 2`).toEqual(['Enabled']);
    }
    const k0 = metas.find((m) => tagsOf(m.KeyId)[TAG.key] === 'k0' && tagsOf(m.KeyId)[TAG.generation] === '2' && m.KeyState === 'Enabled')!;
    for (let i = 0; i < OBJECTS; i += 37) expect(sim.headObject({ Bucket: 'rot-data', Key: `o/${i}` }).SSEKMSKeyId).toContain(k0.KeyId);
  }, 120_000);
});
