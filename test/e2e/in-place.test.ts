import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, show, tempDir, write } from './cli.js';

interface PlanJson {
  actions: { kind: string; target: string; reason: string; inPlace?: { importType: string; keyMaterialId?: string } }[];
  diagnostics: { severity: string; code: string; summary: string }[];
}
interface StatusJson {
  keys: { keyName: string; keyId: string; state: string; materials?: { kcv: string; keyMaterialId: string; state: string; imported: boolean; daysLeft: number | null }[] }[];
}

/**
 * `rotation: in-place` through the CLI on the local provider, time moved with --at: one key, a
 * second material added (import NEW + rotate), both renewed on their own schedules, an old one
 * left to expire and recovered, its removal refused; then the last-use guard on a previous
 * generation of another key.
 */
describe('rotation: in-place on the local provider (CLI, --at)', () => {
  const dir = tempDir('byok-inplace-');
  const manifest = (materials: string[], extra = '') => `version: 1
name: inplace-e2e
keys:
  payments:
    rotation: in-place
    materials:
${materials.map((m) => `      - { file: ${m} }`).join('\n')}
    wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }
    expiration: { validFor: 90d, renewBefore: 10d }
    aliases: [alias/payments]
${extra}buckets:
  ledger: { key: payments }
`;
  const plan = (at: string) => JSON.parse(cli(['--plan', '--format', 'json', '--at', at], dir).stdout) as PlanJson;
  const apply = (at: string) => {
    const r = cli(['--apply', '--auto-approve', '--at', at], dir);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    return r;
  };
  const status = (at: string) => {
    const r = cli(['status', '--format', 'json', '--at', at], dir);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as StatusJson).keys.find((k) => k.keyName === 'payments')!;
  };

  beforeAll(() => {
    for (const m of ['m1.bin', 'm2.bin']) expect(cli(['material', 'generate', '--out', m], dir).code).toBe(0);
    write(dir, 'keys.yaml', manifest(['m1.bin']));
    expect(cli(['local', 'create-bucket', 'ledger'], dir).code).toBe(0);
    apply('+0d');
    write(dir, 'old.txt', 'under material one');
    expect(cli(['local', 'put-object', 'ledger', 'old.txt', `${dir}/old.txt`], dir).code).toBe(0);
  });

  it('adding a second material plans import-material (NEW_KEY_MATERIAL) then rotate-key, and keeps the key', () => {
    const keyId = show(dir).keys[0]!.keyId;
    write(dir, 'keys.yaml', manifest(['m1.bin', 'm2.bin']));
    const p = plan('+1d');
    expect(p.actions.map((a) => [a.kind, a.inPlace?.importType])).toEqual([['import-material', 'NEW_KEY_MATERIAL'], ['rotate-key', undefined]]);
    apply('+1d');
    expect(show(dir).keys.map((k) => k.keyId)).toEqual([keyId]);
    expect((show(dir).keys[0] as { materials?: { state: string }[] }).materials?.map((m) => m.state)).toEqual(['NON_CURRENT', 'CURRENT']);
    const s = status('+1d');
    expect(s.materials!.map((m) => m.state)).toEqual(['NON_CURRENT', 'CURRENT']);
    expect(s.materials!.every((m) => /^[0-9a-f]{64}$/.test(m.keyMaterialId))).toBe(true);
    // Data written under the first material still reads after the rotation.
    expect(cli(['local', 'get-object', 'ledger', 'old.txt', '--at', '+1d'], dir).stdout).toBe('under material one');
    expect(plan('+1d').actions).toEqual([]);
    const text = cli(['status', '--at', '+1d'], dir).stdout;
    expect(text).toMatch(/material \w{6}\s+[0-9a-f]{64}\s+NON_CURRENT/);
  });

  it('renews each material on its own schedule (EXISTING_KEY_MATERIAL with its KeyMaterialId)', () => {
    const [first, second] = status('+1d').materials!;
    // Material 1 was imported at +0d, material 2 at +1d: at +80.5d only material 1 is inside renewBefore.
    const p = plan('+80d');
    expect(p.actions.map((a) => [a.kind, a.inPlace])).toEqual([['reimport-material', { importType: 'EXISTING_KEY_MATERIAL', keyMaterialId: first!.keyMaterialId }]]);
    apply('+80d');
    const p2 = plan('+81d');
    expect(p2.actions.map((a) => [a.kind, a.inPlace?.keyMaterialId])).toEqual([['reimport-material', second!.keyMaterialId]]);
    apply('+81d');
    expect(plan('+81d').actions).toEqual([]);
  });

  it('an old material left to expire takes the key to PendingImport; the next apply recovers it', () => {
    // Material 1 now lasts until +170d, material 2 until +171d: jump past the first only.
    const s = status('+170d');
    expect(s.state).toBe('PendingImport');
    expect(s.materials!.find((m) => m.state === 'NON_CURRENT')!.imported).toBe(false);
    expect(cli(['local', 'get-object', 'ledger', 'old.txt', '--at', '+170d'], dir).code).toBe(1);
    const p = plan('+170d');
    expect(p.actions.map((a) => a.kind)).toContain('reimport-material');
    expect(p.actions.find((a) => a.reason.includes('recovering'))).toBeTruthy();
    apply('+170d');
    expect(status('+170d').state).toBe('Enabled');
    expect(cli(['local', 'get-object', 'ledger', 'old.txt', '--at', '+170d'], dir).stdout).toBe('under material one');
    expect(plan('+170d').actions).toEqual([]);
  });

  it('removing a listed material is refused with an explanation (exit 1), and still refused when allowed while the key is in use', () => {
    write(dir, 'keys.yaml', manifest(['m2.bin']));
    const r = cli(['--plan', '--at', '+171d'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/refusing to drop it \(the manifest does not allow it\)/);
    expect(r.stdout + r.stderr).toMatch(/undecryptable/);
    const kcv1 = status('+171d').materials!.find((m) => m.state === 'NON_CURRENT')!.kcv;
    // Quoted: the material is random, and a KCV of digits only (or like `12e345`) is a YAML number.
    write(dir, 'keys.yaml', manifest(['m2.bin'], `    removableMaterials: ["${kcv1}"]\n`));
    const allowed = cli(['--plan', '--format', 'json', '--at', '+171d'], dir);
    expect(allowed.code, allowed.stderr).toBe(1);
    expect(allowed.stdout, allowed.stderr).not.toBe('');
    expect((JSON.parse(allowed.stdout) as PlanJson).diagnostics.map((d) => d.summary).join('\n')).toMatch(/still used by alias alias\/payments/);
    // Applying a refused plan changes nothing for that key.
    cli(['--apply', '--auto-approve', '--at', '+171d'], dir);
    expect(status('+171d').materials).toHaveLength(2);
    write(dir, 'keys.yaml', manifest(['m1.bin', 'm2.bin']));
  });

  it('never writes either material into the state file, plans or status', () => {
    const outputs = [
      readFileSync(join(dir, '.reconcile', 'local-state.json'), 'utf8'),
      cli(['--plan', '--format', 'json', '--at', '+200d'], dir).stdout,
      cli(['status', '--format', 'json', '--at', '+200d'], dir).stdout,
      cli(['local', 'show'], dir).stdout,
    ].join('\n');
    for (const f of ['m1.bin', 'm2.bin']) {
      const m = readFileSync(join(dir, f));
      expect(outputs).not.toContain(m.toString('hex'));
      expect(outputs).not.toContain(m.toString('base64'));
    }
    expect(outputs).toMatch(/byok kcv|"kcv"/);
  });
});

describe('last-use guard before retiring a previous generation (local, --at)', () => {
  const dir = tempDir('byok-lastuse-');
  const manifest = (m: string) => `version: 1
name: lastuse-e2e
keys:
  app:
    material: { file: ${m} }
    wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }
    retire: { action: disable, after: 1d, quietFor: 7d }
`;
  it('holds disable-key while the old generation was used within quietFor, and disables it once quiet', () => {
    for (const m of ['a.bin', 'b.bin']) expect(cli(['material', 'generate', '--out', m], dir).code).toBe(0);
    write(dir, 'keys.yaml', manifest('a.bin'));
    expect(cli(['--apply', '--auto-approve'], dir).code).toBe(0);
    const oldId = show(dir).keys[0]!.keyId;
    // An application keeps using the old key directly (not through anything the manifest names).
    expect(cli(['local', 'create-bucket', 'elsewhere'], dir).code).toBe(0);
    write(dir, 'x.txt', 'x');
    write(dir, 'keys.yaml', manifest('b.bin'));
    expect(cli(['--apply', '--auto-approve', '--at', '+1d'], dir).code).toBe(0);
    expect(cli(['local', 'put-object', 'elsewhere', 'x.txt', `${dir}/x.txt`, '--kms-key-id', oldId, '--at', '+2d'], dir).code).toBe(0);

    const p = JSON.parse(cli(['--plan', '--format', 'json', '--at', '+3d'], dir).stdout) as PlanJson;
    const disable = p.actions.find((a) => a.kind === 'disable-key')!;
    expect(disable.reason).toMatch(/held at apply if used within 7 days/);
    const held = cli(['--apply', '--auto-approve', '--at', '+3d'], dir);
    expect(held.code).toBe(1);
    expect(held.stdout + held.stderr).toMatch(/holding retirement of key .*within retire\.quietFor/);
    expect(show(dir, ['--at', '+3d']).keys.find((k) => k.keyId === oldId)!.keyState).toBe('Enabled');

    expect(cli(['--apply', '--auto-approve', '--at', '+10d'], dir).code).toBe(0);
    expect(show(dir, ['--at', '+10d']).keys.find((k) => k.keyId === oldId)!.keyState).toBe('Disabled');
  });
});
