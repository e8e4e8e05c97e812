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
 * The whole engine through the AWS SDK provider against a sandbox that fails 15 % of requests
 * before applying them (5xx, dropped connections) and drops 10 % of answers *after* applying them
 * (lost responses: the way duplicate keys are born). Applies are repeated like a pipeline would:
 * every report is honest (a failure is reported, never counted as applied), and the estate
 * converges — one usable key per manifest key, aliases in place, duplicates only ever keys that
 * never had material and that end scheduled for deletion.
 */
describe('apply through the AWS provider under injected faults', () => {
  let sandbox: SandboxHandle;
  const sim = new LocalSimulator({ clock: { now: () => new Date() }, wrappingKeyPool: 1 });
  const dir = tempDir('byok-faults-');
  const KEYS = 12;

  beforeAll(async () => {
    sandbox = await startSandbox({ sim, port: 0, faultRate: 0.15, faultAfterApplyRate: 0.1, seed: 7 });
    mkdirSync(join(dir, 'm'));
    const keys: string[] = [];
    for (let i = 0; i < KEYS; i++) {
      execFileSync('openssl', ['rand', '-out', join(dir, 'm', `k${i}.bin`), '32']);
      keys.push(`  k${i}:\n    material: { file: m/k${i}.bin }\n    aliases: [alias/k${i}]\n`);
    }
    writeFileSync(join(dir, 'keys.yaml'), `version: 1\nname: faults\nproviders:\n  cloud:\n    type: aws\n    region: us-east-1\n    endpoint: ${sandbox.url}\n    discovery: tagging-api\ndefaults:\n  provider: cloud\n  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }\nkeys:\n${keys.join('')}`);
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('converges with honest reports and no duplicate in use', async () => {
    useTestCredentials();
    const { desired } = await loadDesired('keys.yaml', dir, process.env);
    let converged = false;
    for (let run = 0; run < 8 && !converged; run++) {
      const session = await openSession(desired, null);
      try {
        const { doc } = await computePlan(session, null);
        if (doc.actions.length === 0) {
          converged = true;
          break;
        }
        const report = await applyPlan(doc, { desired, providers: session.providers, clock: session.clock, log: createLogger('silent', () => undefined) });
        expect(report.applied + report.failed + report.skipped).toBe(doc.actions.length);
        for (const o of report.outcomes.filter((x) => x.result === 'failed')) expect(o.message).toBeTruthy();
      } catch {
        // A refresh that failed after all SDK retries: the next run tries again, as a pipeline would.
      } finally {
        await session.close();
      }
    }
    expect(converged).toBe(true);
    expect(sandbox.stats().totals.faults).toBeGreaterThan(0);
    console.info(JSON.stringify({ faults: sandbox.stats().faultsByKind, keys: sim.listKeys({ Limit: 1000 }).Keys.length }));

    const aliases = sim.listAliases({ Limit: 100 }).Aliases;
    for (let i = 0; i < KEYS; i++) {
      const mine = sim.listKeys({ Limit: 1000 }).Keys.map((k) => sim.describeKey({ KeyId: k.KeyId }).KeyMetadata)
        .filter((m) => sim.listResourceTags({ KeyId: m.KeyId }).Tags.some((t) => t.TagKey === TAG.key && t.TagValue === `k${i}`));
      const usable = mine.filter((m) => m.KeyState !== 'PendingDeletion');
      expect(usable.map((m) => m.KeyState), `k${i}`).toEqual(['Enabled']);
      expect(aliases.find((a) => a.AliasName === `alias/k${i}`)?.TargetKeyId).toBe(usable[0]!.KeyId);
      for (const extra of mine.filter((m) => m.KeyState === 'PendingDeletion')) expect(extra.ExpirationModel).toBeUndefined();
    }
  }, 180_000);
});
