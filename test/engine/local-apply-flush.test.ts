import { readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/engine/apply.js';
import { computePlan, loadDesired, openSession } from '../../src/engine/session.js';
import { createLogger } from '../../src/log.js';
import { checkState } from '../../src/sim/state.js';
import { tempDir } from '../e2e/cli.js';

/**
 * The local provider coalesces its state file writes. When apply returns (before the CLI prints
 * the report and releases the apply lock), every change it reports must be in the file, where
 * another process (`reconcile local show`, the next apply) reads it.
 */
describe('apply on the local provider', () => {
  it('leaves every applied change in the state file by the time it returns', async () => {
    const dir = tempDir('byok-flush-');
    writeFileSync(join(dir, 'm.bin'), randomBytes(32), { mode: 0o600 });
    const keys = Array.from({ length: 12 }, (_, i) => `  k${i}:\n    material: { file: m.bin }\n    aliases: [alias/k${i}]\n`).join('');
    writeFileSync(join(dir, 'keys.yaml'), `version: 1\nname: flush\ndefaults:\n  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }\nkeys:\n${keys}`);
    const { desired } = await loadDesired('keys.yaml', dir, process.env);
    const session = await openSession(desired, null);
    try {
      const { doc } = await computePlan(session, null);
      const report = await applyPlan(doc, { desired, providers: session.providers, clock: session.clock, log: createLogger('silent', () => undefined) });
      expect(report.failed).toBe(0);
      const file = checkState(JSON.parse(readFileSync(join(dir, '.reconcile/local-state.json'), 'utf8')));
      expect(file.keys.filter((k) => k.material?.imported)).toHaveLength(12);
      expect(file.aliases.map((a) => a.name).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `alias/k${i}`).sort());
    } finally {
      await session.close();
    }
  });
});
