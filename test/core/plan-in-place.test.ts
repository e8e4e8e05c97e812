import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plan } from '../../src/core/plan/index.js';
import type { DesiredState, LiveState } from '../../src/core/types.js';

/** Table-driven edges of in-place planning, on the golden scenarios' inputs. */
const dir = join(import.meta.dirname, '../scenarios/in-place-add-material');
const desired = JSON.parse(readFileSync(join(dir, 'desired.json'), 'utf8')) as DesiredState;
const live = JSON.parse(readFileSync(join(dir, 'live.json'), 'utf8')) as LiveState;
const now = new Date('2026-03-01T00:00:00.000Z');
const run = (d: DesiredState, l: LiveState) => plan(d, l, now, { toolVersion: 't' });
const withMaterials = (kcvs: string[]): DesiredState => {
  const d = structuredClone(desired);
  const k = d.keys[0]!;
  k.materials = kcvs.map((kcv) => ({ source: { type: 'file', path: `${kcv}.bin`, encoding: 'raw' }, kcv }));
  k.kcv = kcvs.at(-1)!;
  return d;
};

describe('in-place planning', () => {
  it('a Disabled key is enabled before it rotates', () => {
    const l = structuredClone(live);
    l.keys[0]!.state = 'Disabled';
    const doc = run(desired, l);
    const rotate = doc.actions.find((a) => a.kind === 'rotate-key')!;
    expect(rotate.dependsOn).toContain('payments/g1/enable-key');
    expect(doc.actions.map((a) => a.kind).indexOf('enable-key')).toBeLessThan(doc.actions.map((a) => a.kind).indexOf('rotate-key'));
  });

  it('adds several materials one at a time, each rotated before the next is imported', () => {
    const doc = run(withMaterials(['aaaaaa', 'bbbbbb', 'cccccc']), live);
    expect(doc.actions.map((a) => `${a.kind} ${a.target.split(' ').at(-1)}`)).toEqual([
      'import-material bbbbbb', 'rotate-key bbbbbb', 'import-material cccccc', 'rotate-key cccccc',
    ]);
    for (let i = 1; i < doc.actions.length; i++) expect(doc.actions[i]!.dependsOn).toEqual([doc.actions[i - 1]!.id]);
  });

  it('refuses a material inserted before the current one, and more than 25 rotations', () => {
    const inserted = run(withMaterials(['zzzzzz', 'aaaaaa']), live);
    expect(inserted.diagnostics.map((d) => d.code)).toEqual(['plan.material-order']);
    expect(inserted.actions).toEqual([]);
    const many = Array.from({ length: 26 }, (_, i) => (0x100000 + i).toString(16));
    const tooMany = run(withMaterials(['aaaaaa', ...many]), live);
    expect(tooMany.diagnostics.map((d) => [d.code, d.severity])).toEqual([['plan.rotation-limit', 'error']]);
    expect(tooMany.actions).toEqual([]);
  });

  it('lets an explicitly removable material go only when nothing uses the key', () => {
    const d = withMaterials(['bbbbbb']);
    d.keys[0]!.removableMaterials = ['aaaaaa'];
    const l = structuredClone(live);
    l.keys[0]!.materials!.push({ ...l.keys[0]!.materials![0]!, kcv: 'bbbbbb', keyMaterialId: 'b'.repeat(64), state: 'CURRENT' });
    l.keys[0]!.materials![0]!.state = 'NON_CURRENT';
    expect(run(d, l).diagnostics.map((x) => [x.code, x.severity])).toEqual([['plan.material-removed', 'error']]);
    d.keys[0]!.aliases = [];
    d.buckets = [];
    const free: LiveState = { ...l, aliases: [], buckets: [] };
    expect(run(d, free).diagnostics.map((x) => [x.code, x.severity])).toEqual([['plan.material-removed', 'warning']]);
  });

  it('a brand-new in-place key gets its first material, then each later one rotated in', () => {
    const doc = run(withMaterials(['aaaaaa', 'bbbbbb']), { keys: [], aliases: [], buckets: live.buckets });
    expect(doc.actions.slice(0, 4).map((a) => a.kind)).toEqual(['create-key', 'import-material', 'import-material', 'rotate-key']);
    expect(doc.actions[0]!.kind === 'create-key' && doc.actions[0]!.tags['byok:kcv']).toBe('aaaaaa');
  });
});
