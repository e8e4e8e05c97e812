import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { DAY } from './support/clock.js';
import { harness, metric, smallManifest } from './support/harness.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/**
 * The daemon with an in-place key: scope `renew` renews each material on its own schedule, and
 * /metrics shows one series per material (KeyMaterialId, state) beside the key-level one.
 */
describe('daemon with rotation: in-place', () => {
  it('renews an old material in scope renew and exports one expiry series per material', async () => {
    const m = smallManifest('daemon-inplace');
    dirs.push(m.dir);
    const inPlace = (files: string[]) => `version: 1
name: daemon-inplace
defaults:
  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }
keys:
  ledger:
    rotation: in-place
    materials:
${files.map((f) => `      - { file: ${f} }`).join('\n')}
    expiration: { validFor: 90d, renewBefore: 10d }
`;
    m.write(inPlace(['a.bin']));
    const h = harness(m.file, m.dir);
    const all = await h.daemon('all');
    expect((await all.tick({ trigger: 'start' })).result).toBe('success');
    h.clock.advance(30 * DAY);
    m.write(inPlace(['a.bin', 'b.bin']));
    const added = await all.tick({ trigger: 'scheduled' });
    expect(added.outcomes.map((o) => [o.kind, o.result])).toEqual([['import-material', 'applied'], ['rotate-key', 'applied']]);

    // Day 81: only the first material (imported on day 0) is inside its window.
    h.clock.advance(51 * DAY);
    const renew = await h.daemon('renew');
    const run = await renew.tick({ trigger: 'scheduled' });
    expect(run.outcomes.map((o) => [o.kind, o.target.includes(' material '), o.result])).toEqual([['reimport-material', true, 'applied']]);
    const rows = await renew.metrics.registry.metrics();
    const series = rows.split('\n').filter((l) => l.startsWith('byok_key_material_expiry_seconds{'));
    expect(series).toHaveLength(2);
    expect(await metric(renew, 'byok_key_material_expiry_seconds', { material_state: 'NON_CURRENT' })).toBe(90 * 86_400);
    expect(await metric(renew, 'byok_key_material_expiry_seconds', { material_state: 'CURRENT' })).toBe(39 * 86_400);
    expect(series.every((l) => /key_material_id="[0-9a-f]{64}"/.test(l))).toBe(true);
  });
});
