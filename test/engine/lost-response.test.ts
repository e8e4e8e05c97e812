import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/core/plan/index.js';
import { applyPlan } from '../../src/engine/apply.js';
import { refresh } from '../../src/engine/refresh.js';
import { loadDesired, openSession } from '../../src/engine/session.js';
import { createLogger } from '../../src/log.js';
import type { KeyService, Provider } from '../../src/providers/port.js';
import { tempDir } from '../e2e/cli.js';

/**
 * A write whose answer is lost is applied, and the SDK's retry then meets its effect: the alias
 * already exists, the key is already pending deletion. The provider here does each write twice
 * (the first answer "lost"), so every such write sees that conflict; the apply must read live
 * state and report success, since live state is exactly what was wanted.
 */
const manifest = (m: string) =>
  `version: 1\nname: lost\nkeys:\n  app:\n    material: { file: ${m} }\n    wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }\n    aliases: [alias/app]\n    retire: { action: schedule-deletion, after: 0d }\n`;

const TWICE = ['createAlias', 'updateAlias', 'enableKey', 'disableKey', 'scheduleKeyDeletion'] as const;

function answersLost(real: Provider): Provider {
  const overrides: PropertyDescriptorMap = {};
  for (const name of TWICE) {
    const fn = (real.keys[name] as (...a: unknown[]) => Promise<unknown>).bind(real.keys);
    overrides[name] = {
      value: async (...args: unknown[]) => {
        await fn(...args);
        return fn(...args);
      },
    };
  }
  return { ...real, name: real.name, keys: Object.create(real.keys, overrides) as KeyService, buckets: real.buckets, close: () => real.close() };
}

describe('a lost response, then a conflict on retry', () => {
  it('reports create-alias, update-alias and schedule-key-deletion applied when live state matches', async () => {
    const dir = tempDir('byok-lost-');
    for (const m of ['m1.bin', 'm2.bin']) execFileSync('openssl', ['rand', '-out', join(dir, m), '32']);
    const log = createLogger('silent', () => undefined);
    const run = async () => {
      const { desired } = await loadDesired('keys.yaml', dir, process.env);
      const session = await openSession(desired, null);
      try {
        const providers = new Map([...session.providers].map(([n, p]) => [n, answersLost(p)] as const));
        const doc = plan(desired, await refresh(desired, providers), session.clock.now(), { toolVersion: 'test' });
        const report = await applyPlan(doc, { desired, providers, clock: session.clock, log });
        const after = plan(desired, await refresh(desired, providers), session.clock.now(), { toolVersion: 'test' });
        return { kinds: doc.actions.map((a) => a.kind), report, after: after.actions.length };
      } finally {
        await session.close();
      }
    };

    writeFileSync(join(dir, 'keys.yaml'), manifest('m1.bin'));
    const first = await run();
    expect(first.kinds).toContain('create-alias');
    expect(first.report.outcomes.filter((o) => o.result !== 'applied')).toEqual([]);
    expect(first.after).toBe(0);

    writeFileSync(join(dir, 'keys.yaml'), manifest('m2.bin'));
    const second = await run();
    expect(second.kinds).toEqual(expect.arrayContaining(['update-alias', 'schedule-key-deletion']));
    expect(second.report.outcomes.filter((o) => o.result !== 'applied')).toEqual([]);
    expect(second.after).toBe(0);
  });
});
