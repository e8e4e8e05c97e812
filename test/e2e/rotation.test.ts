import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, keyIdOf, show, tempDir, write } from './cli.js';

/**
 * The full rotation scenario on `local`, driven only through the CLI: create, import, alias,
 * bucket, objects, rotate the material, objects re-encrypted, old key disabled only after the
 * grace period and only once unused, every object still readable, then a plan with no changes.
 */
const manifest = (material: string) => `version: 1
name: rotation-e2e
defaults:
  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }
keys:
  app:
    description: app data key
    material: { file: ${material} }
    aliases: [alias/app]
    retire: { action: disable, after: 7d }
buckets:
  app-data:
    key: app
    reencrypt: true
`;

describe('rotation on the local provider, through the CLI', () => {
  const dir = tempDir();
  const gen = (n: number) => show(dir).keys.find((k) => k.tags['byok:generation'] === String(n));

  beforeAll(() => {
    expect(cli(['material', 'generate', '--out', 'm1.bin'], dir).code).toBe(0);
    expect(cli(['material', 'generate', '--out', 'm2.bin'], dir).code).toBe(0);
    write(dir, 'keys.yaml', manifest('m1.bin'));
    write(dir, 'a.txt', 'object a');
    write(dir, 'b.txt', 'object b');
  });

  it('creates, imports, aliases and sets the bucket default in one apply', () => {
    expect(cli(['local', 'create-bucket', 'app-data'], dir).code).toBe(0);
    const plan = cli(['--plan', '--detailed-exitcode'], dir);
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toMatch(/create-key/);
    const apply = cli(['--apply', '--auto-approve'], dir);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    const g1 = gen(1)!;
    expect(g1.keyState).toBe('Enabled');
    expect(g1.aliases).toEqual(['alias/app']);
    expect(keyIdOf(show(dir).buckets[0]!.kmsKeyId)).toBe(g1.keyId);
    expect(cli(['--plan', '--detailed-exitcode'], dir).code).toBe(0);
  });

  it('rotates to a new generation, re-encrypts objects, and keeps the old key until the grace period', () => {
    expect(cli(['local', 'put-object', 'app-data', 'a.txt', join(dir, 'a.txt')], dir).code).toBe(0);
    expect(cli(['local', 'put-object', 'app-data', 'b.txt', join(dir, 'b.txt')], dir).code).toBe(0);
    const g1 = gen(1)!;
    write(dir, 'keys.yaml', manifest('m2.bin'));
    const plan = cli(['--plan', '--format', 'json'], dir);
    expect(plan.code, plan.stderr).toBe(0);
    const kinds = (JSON.parse(plan.stdout) as { actions: { kind: string }[] }).actions.map((a) => a.kind);
    expect(kinds).toEqual(expect.arrayContaining(['create-key', 'import-material', 'update-alias', 'put-bucket-encryption', 'reencrypt-objects']));
    expect(kinds).not.toContain('disable-key');
    expect(kinds.indexOf('reencrypt-objects')).toBeGreaterThan(kinds.indexOf('import-material'));

    const apply = cli(['--apply', '--auto-approve'], dir);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    const state = show(dir);
    const g2 = gen(2)!;
    expect(g2.keyState).toBe('Enabled');
    expect(g2.aliases).toEqual(['alias/app']);
    expect(state.buckets[0]!.objects.map((o) => keyIdOf(o.kmsKeyId))).toEqual([g2.keyId, g2.keyId]);
    expect(gen(1)!.keyState).toBe('Enabled');
    expect(gen(1)!.tags['byok:superseded-at']).toBeTruthy();
    expect(g1.keyId).not.toBe(g2.keyId);
    expect(cli(['--plan', '--detailed-exitcode'], dir).code).toBe(0);
  });

  it('disables the old generation only after the grace period, and every object stays readable', () => {
    const early = cli(['--plan', '--format', 'json', '--at', '+6d'], dir);
    expect((JSON.parse(early.stdout) as { actions: unknown[] }).actions).toEqual([]);
    const later = cli(['--plan', '--format', 'json', '--at', '+8d'], dir);
    const actions = (JSON.parse(later.stdout) as { actions: { kind: string; destructive: boolean }[] }).actions;
    expect(actions.map((a) => a.kind)).toEqual(['disable-key']);
    expect(actions[0]!.destructive).toBe(true);
    const apply = cli(['--apply', '--auto-approve', '--at', '+8d'], dir);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    expect(gen(1)!.keyState).toBe('Disabled');
    for (const key of ['a.txt', 'b.txt']) {
      const get = cli(['local', 'get-object', 'app-data', key, '--at', '+8d'], dir);
      expect(get.code, get.stderr).toBe(0);
      expect(get.stdout).toBe(readFileSync(join(dir, key), 'utf8'));
    }
    expect(cli(['--plan', '--detailed-exitcode', '--at', '+8d'], dir).code).toBe(0);
  });
});
