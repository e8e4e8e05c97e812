import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, show, tempDir, write } from './cli.js';

/**
 * The data-loss repro, as a user runs it: a bucket with `reencrypt: false` holds an object under
 * generation 1; after rotation and past the retire delay, generation 1 must not be disabled or
 * scheduled for deletion (the object would become unreadable), and the plan says what holds it.
 */
const manifest = (material: string, action: string) => `version: 1
name: retire-in-use
defaults:
  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }
keys:
  k:
    material: { file: ${material} }
    retire: { action: ${action}, after: 1d }
buckets:
  bkt-data:
    key: k
    reencrypt: false
`;

describe.each(['schedule-deletion', 'disable'])('retire: %s of a key an object in a reencrypt: false bucket is under', (action) => {
  const dir = tempDir('byok-retire-');
  const gen1 = () => show(dir, ['--at', '+2d']).keys.find((k) => k.tags['byok:generation'] === '1');

  beforeAll(() => {
    expect(cli(['material', 'generate', '--out', 'm1.bin'], dir).code).toBe(0);
    expect(cli(['material', 'generate', '--out', 'm2.bin'], dir).code).toBe(0);
    write(dir, 'keys.yaml', manifest('m1.bin', action));
    write(dir, 'o.txt', 'precious data');
    expect(cli(['local', 'create-bucket', 'bkt-data'], dir).code).toBe(0);
    const first = cli(['--apply', '--auto-approve'], dir);
    expect(first.code, first.stderr).toBe(0);
    expect(cli(['local', 'put-object', 'bkt-data', 'o.txt', join(dir, 'o.txt')], dir).code).toBe(0);
    write(dir, 'keys.yaml', manifest('m2.bin', action));
    const rotate = cli(['--apply', '--auto-approve'], dir);
    expect(rotate.code, rotate.stderr).toBe(0);
  });

  it('plans no retirement and says what holds the key and what to do', () => {
    const plan = cli(['--plan', '--at', '+2d'], dir);
    expect(plan.code, plan.stderr).toBe(0);
    const out = plan.stdout + plan.stderr;
    expect(out).not.toMatch(/disable-key|schedule-key-deletion/);
    expect(out).not.toContain('nothing uses it');
    expect(out).toContain('1 object in bucket bkt-data');
    expect(out).toContain('1 object in bucket bkt-data is still under generation 1; set reencrypt: true on bucket bkt-data or re-encrypt them');
  });

  it('applies past the delay without touching the key; the object stays readable', () => {
    const apply = cli(['--apply', '--auto-approve', '--at', '+2d'], dir);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    expect(gen1()?.keyState).toBe('Enabled');
    const get = cli(['local', 'get-object', 'bkt-data', 'o.txt', '--at', '+2d'], dir);
    expect(get.code, get.stderr).toBe(0);
    expect(get.stdout).toContain('precious data');
  });
});
