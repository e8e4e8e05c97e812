import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DesiredState, LocalProviderConfig } from '../../src/core/types.js';
import { loadManifest } from '../../src/manifest/index.js';
import { HEADER, errors, loadInline, scratch } from './helpers.js';

const DAY = 86_400_000;

async function desired(manifest: string): Promise<DesiredState> {
  const r = await loadInline(manifest);
  expect(errors(r.diagnostics)).toEqual([]);
  return r.desired!;
}

const PAYMENTS = 'keys:\n  payments:\n    material: { file: a.bin }\n';

describe('normalisation', () => {
  it('applies the built-in defaults when the manifest says nothing', async () => {
    const d = await desired(`${HEADER}${PAYMENTS}`);
    const dir = d.file.slice(0, -'/keys.yaml'.length);
    expect(d.providers).toEqual({ local: { name: 'local', type: 'local', state: join(dir, '.reconcile/local-state.json'), regionClass: 'standard' } });
    expect(d.keys).toEqual([
      {
        name: 'payments',
        provider: 'local',
        description: 'byok-reconciler test/payments',
        keySpec: 'SYMMETRIC_DEFAULT',
        wrapping: { algorithm: 'RSAES_OAEP_SHA_256', keySpec: 'RSA_4096' },
        expiration: { model: 'expires', validForMs: 365 * DAY, renewBeforeMs: 30 * DAY },
        material: { type: 'file', path: 'a.bin', encoding: 'raw' },
        kcv: '',
        aliases: [],
        retire: { action: 'disable', afterMs: 7 * DAY, pendingWindowDays: 30, quietForMs: 7 * DAY },
        rotation: 'new-key',
        pos: { file: 'keys.yaml', line: 4, column: 3 },
      },
    ]);
    expect(d.buckets).toEqual([]);
    expect(d.name).toBe('test');
    expect(d.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  type Case = [title: string, manifest: string, check: (d: DesiredState) => void];
  const cases: Case[] = [
    [
      'defaults: apply to every key',
      `${HEADER}providers:\n  tokyo: { type: aws, region: ap-northeast-1 }\ndefaults:\n  provider: tokyo\n  wrapping: { algorithm: RSAES_OAEP_SHA_1, keySpec: RSA_2048 }\n  expiration: { model: never }\n  retire: { action: keep }\n${PAYMENTS}`,
      (d) => expect(d.keys[0]).toMatchObject({
        provider: 'tokyo',
        wrapping: { algorithm: 'RSAES_OAEP_SHA_1', keySpec: 'RSA_2048' },
        expiration: { model: 'never' },
        retire: { action: 'keep', afterMs: 7 * DAY, pendingWindowDays: 30, quietForMs: 7 * DAY },
      }),
    ],
    [
      'a key setting replaces the defaults entry as a whole; missing fields take built-ins',
      `${HEADER}defaults:\n  expiration: { validFor: 90d, renewBefore: 10d }\n  wrapping: { algorithm: RSAES_OAEP_SHA_1, keySpec: RSA_2048 }\n${PAYMENTS}    expiration: { validFor: 60d }\n    wrapping: { keySpec: RSA_3072 }\n`,
      (d) => expect(d.keys[0]).toMatchObject({
        expiration: { model: 'expires', validForMs: 60 * DAY, renewBeforeMs: 30 * DAY },
        wrapping: { algorithm: 'RSAES_OAEP_SHA_256', keySpec: 'RSA_3072' },
      }),
    ],
    [
      'cloud providers: endpoint split per service, china regions, lock key default, extras',
      `${HEADER}providers:\n  emu: { type: aws, region: us-east-1, endpoint: 'http://127.0.0.1:4599', lock: { bucket: locks-bucket }, quotas: { ImportKeyMaterial: 5 } }\n  bj: { type: aws, region: cn-north-1, profile: cn, endpoint: { kms: 'http://k:1' } }\n  hw: { type: huawei, region: ap-southeast-1, projectId: 0123456789 }\n  ali: { type: alibaba, region: cn-hangzhou, instanceId: kst-1, accessKeyIdEnv: ALI_ID }\n`,
      (d) => expect(d.providers).toMatchObject({
        emu: { name: 'emu', type: 'aws', region: 'us-east-1', regionClass: 'standard', endpoint: { kms: 'http://127.0.0.1:4599', s3: 'http://127.0.0.1:4599' }, lock: { bucket: 'locks-bucket', key: 'byok-reconciler/test.lock' }, quotas: { ImportKeyMaterial: 5 } },
        bj: { type: 'aws', regionClass: 'china', profile: 'cn', endpoint: { kms: 'http://k:1' } },
        hw: { type: 'huawei', region: 'ap-southeast-1', regionClass: 'standard', projectId: '0123456789' },
        ali: { type: 'alibaba', region: 'cn-hangzhou', regionClass: 'china', instanceId: 'kst-1', accessKeyIdEnv: 'ALI_ID' },
        local: { type: 'local' },
      }),
    ],
    [
      'a declared `local` instance replaces the implicit one',
      `${HEADER}providers:\n  local: { type: local, state: state/sim.json }\n`,
      (d) => {
        expect(Object.keys(d.providers)).toEqual(['local']);
        expect((d.providers.local as LocalProviderConfig).state).toBe(join(d.file, '..', 'state/sim.json'));
      },
    ],
    [
      'a bucket without provider follows its key; bucketKey and reencrypt default to true',
      `${HEADER}providers:\n  tokyo: { type: aws, region: ap-northeast-1 }\n${PAYMENTS}    provider: tokyo\nbuckets:\n  pay-bucket: { key: payments }\n  other-bucket: { key: payments, bucketKey: false, reencrypt: false }\n`,
      (d) => expect(d.buckets).toEqual([
        { name: 'pay-bucket', provider: 'tokyo', key: 'payments', bucketKey: true, reencrypt: true, pos: { file: 'keys.yaml', line: 10, column: 3 } },
        { name: 'other-bucket', provider: 'tokyo', key: 'payments', bucketKey: false, reencrypt: false, pos: { file: 'keys.yaml', line: 11, column: 3 } },
      ]),
    ],
    [
      'material sources and their options',
      `${HEADER}keys:\n  a: { material: { env: A_MATERIAL } }\n  b: { material: { command: [vault, kv, get, -field=key, secret/app] } }\n  c: { material: { command: [cat], timeout: 2m } }\n  d: { material: { file: d.hex, encoding: hex, kcv: 00ff00 } }\n`,
      (d) => {
        expect(d.keys.map((k) => k.material)).toEqual([
          { type: 'env', name: 'A_MATERIAL' },
          { type: 'command', argv: ['vault', 'kv', 'get', '-field=key', 'secret/app'], timeoutMs: 30_000 },
          { type: 'command', argv: ['cat'], timeoutMs: 120_000 },
          { type: 'file', path: 'd.hex', encoding: 'hex' },
        ]);
        // Not reading material: the declared KCV stands in.
        expect(d.keys.map((k) => [k.kcv, k.declaredKcv])).toEqual([['', undefined], ['', undefined], ['', undefined], ['00ff00', '00ff00']]);
      },
    ],
    [
      'key settings: description, key spec, aliases, rotation, retire',
      `${HEADER}keys:\n  h:\n    description: hmac key\n    keySpec: HMAC_256\n    material: { file: h.bin }\n    aliases: [alias/h1, alias/h2]\n    retire: { action: schedule-deletion, after: 36h, pendingWindow: 7d }\n  s:\n    material: { file: s.bin }\n    rotation: new-key\n`,
      (d) => {
        expect(d.keys[0]).toMatchObject({
          description: 'hmac key', keySpec: 'HMAC_256', aliases: ['alias/h1', 'alias/h2'], rotation: 'new-key',
          retire: { action: 'schedule-deletion', afterMs: 36 * 3_600_000, pendingWindowDays: 7 },
        });
        expect(d.keys[1]).toMatchObject({ keySpec: 'SYMMETRIC_DEFAULT', rotation: 'new-key' });
      },
    ],
  ];

  it.each(cases)('%s', async (_title, manifest, check) => {
    check(await desired(manifest));
  });
});

describe('digest', () => {
  const manifest = `${HEADER}${PAYMENTS}    aliases: [alias/p]\n`;

  it('does not depend on where the checkout lives', async () => {
    const [a, b] = await Promise.all([desired(manifest), desired(manifest)]);
    expect(a.file).not.toBe(b.file);
    expect(a.digest).toBe(b.digest);
  });

  it('does not depend on layout or comments (positions are left out)', async () => {
    const a = await desired(manifest);
    const b = await desired(`# a comment\n\n${HEADER}keys:\n  payments: { material: { file: a.bin }, aliases: [alias/p] }\n`);
    expect(b.keys[0]!.pos).not.toEqual(a.keys[0]!.pos);
    expect(b.digest).toBe(a.digest);
  });

  it.each([
    ['an alias', manifest.replace('alias/p', 'alias/q')],
    ['the declared kcv', `${manifest}    material: { file: a.bin, kcv: abcdef }\n`.replace('    material: { file: a.bin }\n', '')],
    ['the manifest name', manifest.replace('name: test', 'name: other')],
    ['a default', `${manifest}defaults:\n  expiration: { validFor: 90d }\n`],
  ])('changes with %s', async (_what, changed) => {
    const [a, b] = await Promise.all([desired(manifest), desired(changed)]);
    expect(b.digest).not.toBe(a.digest);
  });
});

describe('material', () => {
  // AES-256 of the zero block under the all-zero key is dc95c078... (FIPS-197 style known answer).
  const ZERO_KEY = Buffer.alloc(32);

  it('computes the KCV from the material and keeps the declared one', async () => {
    const r = await loadInline(`${HEADER}keys:\n  z:\n    material: { file: zero.bin, kcv: dc95c0 }\n`, { 'zero.bin': ZERO_KEY });
    expect(errors(r.diagnostics)).toEqual([]);
    expect(r.desired!.keys[0]).toMatchObject({ kcv: 'dc95c0', declaredKcv: 'dc95c0' });
  });

  it('reads env material from the given environment, not process.env', async () => {
    const r = await loadInline(`${HEADER}keys:\n  z:\n    material: { env: BYOK_ZERO }\n`, {}, { BYOK_ZERO: ZERO_KEY.toString('base64') });
    expect(errors(r.diagnostics)).toEqual([]);
    expect(r.desired!.keys[0]!.kcv).toBe('dc95c0');
  });

  it('a KCV mismatch names both KCVs and never the material', async () => {
    const material = Buffer.from('c0ffee'.repeat(10) + 'c0ff', 'hex');
    const r = await loadInline(`${HEADER}keys:\n  z:\n    material: { file: m.bin, kcv: '000000' }\n`, { 'm.bin': material });
    const [d] = errors(r.diagnostics);
    expect(d).toMatchObject({ code: 'material.kcv-mismatch', path: 'keys.z.material.kcv', pos: { line: 5, column: 35 } });
    expect(d!.summary).toMatch(/has KCV [0-9a-f]{6} but the manifest declares 000000/);
    const text = JSON.stringify(r.diagnostics);
    for (const form of [material.toString('hex'), material.toString('base64'), 'c0ffeec0ffee']) expect(text).not.toContain(form);
  });

  it('material problems point at the key\'s material node and come with the others', async () => {
    const r = await loadInline(`${HEADER}keys:\n  short:\n    material:\n      file: short.bin\n  missing:\n    material: { file: nope.bin }\n    aliases: [bad]\n`, { 'short.bin': Buffer.alloc(16) });
    expect(errors(r.diagnostics).map((d) => [d.code, d.path, d.pos?.line])).toEqual([
      ['material.size', 'keys.short.material', 5],
      ['material.missing', 'keys.missing.material', 8],
      ['manifest.alias-name', 'keys.missing.aliases[0]', 9],
    ]);
  });

  it('an open file mode is a warning, not an error', async () => {
    const dir = scratch(`${HEADER}keys:\n  z:\n    material: { file: zero.bin }\n`, {});
    writeFileSync(join(dir, 'zero.bin'), ZERO_KEY, { mode: 0o644 });
    const r = await loadManifest('keys.yaml', { env: {}, cwd: dir });
    expect(r.desired).not.toBeNull();
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.path])).toEqual([['warning', 'material.permissions', 'keys.z.material']]);
  });
});
