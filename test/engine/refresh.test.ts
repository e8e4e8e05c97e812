import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/core/plan/index.js';
import { applyPlan } from '../../src/engine/apply.js';
import { refresh } from '../../src/engine/refresh.js';
import { loadDesired, openSession } from '../../src/engine/session.js';
import { createLogger } from '../../src/log.js';
import type { Provider } from '../../src/providers/port.js';
import { tempDir } from '../e2e/cli.js';

/**
 * Discovery by tag can lag behind creation (AWS's tagging API is eventually consistent). A key the
 * listing misses but a manifest alias points at must still be found, or the next plan would
 * create its generation a second time.
 */
describe('refresh with a lagging key listing', () => {
  it('finds our key through the alias that points at it and plans no duplicate', async () => {
    const dir = tempDir('byok-refresh-');
    execFileSync('openssl', ['rand', '-out', join(dir, 'm.bin'), '32']);
    writeFileSync(join(dir, 'keys.yaml'), 'version: 1\nname: lag\nkeys:\n  app:\n    material: { file: m.bin }\n    wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }\n    aliases: [alias/app]\n');
    const { desired } = await loadDesired('keys.yaml', dir, process.env);
    const session = await openSession(desired, null);
    try {
      const first = plan(desired, await refresh(desired, session.providers), session.clock.now(), { toolVersion: 'test' });
      const report = await applyPlan(first, { desired, providers: session.providers, clock: session.clock, log: createLogger('silent', () => undefined) });
      expect(report.failed).toBe(0);

      const real = session.providers.get('local')!;
      const lagging: Provider = { ...real, name: real.name, keys: Object.create(real.keys, { listManagedKeys: { value: async () => [] } }), buckets: real.buckets, close: () => real.close() };
      const live = await refresh(desired, new Map([['local', lagging]]));
      expect(live.keys.map((k) => k.tags['byok:key'])).toEqual(['app']);
      expect(plan(desired, live, session.clock.now(), { toolVersion: 'test' }).actions).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

describe('refresh and discovery', () => {
  it('tells each provider how many of the manifest\'s keys it holds (discovery: auto chooses its way by it)', async () => {
    const dir = tempDir('byok-refresh-');
    execFileSync('openssl', ['rand', '-out', join(dir, 'm.bin'), '32']);
    const key = (name: string, provider: string) => `  ${name}:\n    provider: ${provider}\n    material: { file: m.bin }\n    wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }\n`;
    writeFileSync(
      join(dir, 'keys.yaml'),
      `version: 1\nname: hint\nproviders:\n  one: { type: local, state: ./one.json }\n  two: { type: local, state: ./two.json }\nkeys:\n${key('a', 'one')}${key('b', 'one')}${key('c', 'two')}`,
    );
    const { desired } = await loadDesired('keys.yaml', dir, process.env);
    const session = await openSession(desired, null);
    try {
      const hints: Record<string, unknown> = {};
      const recording = new Map(
        [...session.providers].map(([name, real]): [string, Provider] => [
          name,
          { ...real, name: real.name, keys: Object.create(real.keys, { listManagedKeys: { value: (m: string, hint: unknown) => ((hints[name] = hint), real.keys.listManagedKeys(m)) } }), buckets: real.buckets, close: () => real.close() },
        ]),
      );
      await refresh(desired, recording);
      expect(hints).toEqual({ one: { expectedKeys: 2 }, two: { expectedKeys: 1 } });
    } finally {
      await session.close();
    }
  });
});
