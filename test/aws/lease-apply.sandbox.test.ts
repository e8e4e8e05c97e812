import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAG } from '../../src/core/types.js';
import { applyPlan } from '../../src/engine/apply.js';
import { computePlan, loadDesired, lockScope, openSession } from '../../src/engine/session.js';
import { createLogger } from '../../src/log.js';
import { LocalSimulator } from '../../src/sim/simulator.js';
import { startSandbox, type SandboxHandle } from '../../src/wire/aws/index.js';
import { cliAsync, tempDir } from '../e2e/cli.js';
import { useTestCredentials } from './env.js';

/**
 * The S3 lease through the whole engine: an apply confirms its lease before every action that
 * creates something, so a lease deleted mid-apply stops key creation at once (it used to be
 * noticed only at the next renewal, after 20 duplicate keys); and `daemon --once` treats a lease
 * held by someone else like a held file lock: the run is skipped, exit 0.
 */
describe('the S3 apply lease during an apply', () => {
  const sim = new LocalSimulator({ clock: { now: () => new Date() }, wrappingKeyPool: 1 });
  const dir = tempDir('byok-lease-apply-');
  let sandbox: SandboxHandle;
  const LEASE = 'byok-reconciler/lease-apply.lock';

  beforeAll(async () => {
    useTestCredentials();
    sandbox = await startSandbox({ sim, port: 0 });
    sim.createBucket({ Bucket: 'locks' });
    mkdirSync(join(dir, 'm'));
    const keys: string[] = [];
    for (let i = 0; i < 6; i++) {
      execFileSync('openssl', ['rand', '-out', join(dir, 'm', `k${i}.bin`), '32']);
      keys.push(`  k${i}:\n    material: { file: m/k${i}.bin }\n`);
    }
    writeFileSync(
      join(dir, 'keys.yaml'),
      `version: 1\nname: lease-apply\nproviders:\n  cloud:\n    type: aws\n    region: us-east-1\n    endpoint: ${sandbox.url}\n    discovery: tagging-api\n    lock: { bucket: locks }\n    quotas: { GetParametersForImport: 1000, CreateKey: 1000 }\ndefaults:\n  provider: cloud\n  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }\nkeys:\n${keys.join('')}`,
    );
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('stops creating keys as soon as its lease object is deleted', async () => {
    const { desired } = await loadDesired('keys.yaml', dir, process.env);
    const session = await openSession(desired, null);
    try {
      const { doc } = await computePlan(session, null);
      const lock = await lockScope(desired, 'test apply', session.providers);
      let deleted = false;
      const report = await applyPlan(doc, {
        desired,
        providers: session.providers,
        clock: session.clock,
        log: createLogger('silent', () => undefined),
        concurrency: 1,
        signal: lock.signal,
        confirmLock: lock.confirm,
        onOutcome: (o) => {
          if (o.kind === 'create-key' && !deleted) {
            deleted = true;
            sim.deleteObject({ Bucket: 'locks', Key: LEASE });
          }
        },
      });
      await lock.release();
      const created = sim.listKeys({ Limit: 100 }).Keys.filter((k) => sim.listResourceTags({ KeyId: k.KeyId }).Tags.some((t) => t.TagKey === TAG.manifest));
      expect(created).toHaveLength(1);
      expect(report.outcomes.find((o) => o.result === 'failed')).toMatchObject({ kind: 'create-key', code: 'lock.held' });
      expect(report.outcomes.filter((o) => o.kind === 'create-key' && o.result === 'applied')).toHaveLength(1);
    } finally {
      await session.close();
    }
  });

  it('daemon --once skips the run (exit 0) when another holder has the lease', async () => {
    sim.putObject({
      Bucket: 'locks',
      Key: LEASE,
      Body: Buffer.from(JSON.stringify({ owner: 'reconcile --apply (pid 1) on another host', host: 'another-host', pid: 1, acquiredAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 300_000).toISOString() })),
    });
    const child = cliAsync(['daemon', '--once', '--log-format', 'json'], dir);
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code, stderr).toBe(0);
    const last = stderr.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>).at(-1);
    expect(last).toMatchObject({ trigger: 'once', result: 'skipped', code: 'lock.held' });
    expect(String(last?.msg ?? last?.message)).toContain('another host');
  }, 60_000);
});
