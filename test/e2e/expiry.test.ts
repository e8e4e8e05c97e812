import { beforeAll, describe, expect, it } from 'vitest';
import { cli, show, tempDir, write } from './cli.js';

/** `--at` on local is simulated time: renewal ahead of expiry, and recovery after it. */
describe('expiry with --at on the local provider', () => {
  const dir = tempDir();
  beforeAll(() => {
    expect(cli(['material', 'generate', '--out', 'm.bin'], dir).code).toBe(0);
    write(dir, 'keys.yaml', `version: 1
name: expiry-e2e
keys:
  short:
    material: { file: m.bin }
    wrapping: { algorithm: RSAES_OAEP_SHA_1, keySpec: RSA_2048 }
    expiration: { validFor: 90d, renewBefore: 10d }
    aliases: [alias/short]
buckets:
  logs: { key: short }
`);
    expect(cli(['local', 'create-bucket', 'logs'], dir).code).toBe(0);
    const apply = cli(['--apply', '--auto-approve'], dir);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    write(dir, 'obj.txt', 'hello');
    expect(cli(['local', 'put-object', 'logs', 'obj.txt', `${dir}/obj.txt`], dir).code).toBe(0);
  });

  const plan = (at: string) => JSON.parse(cli(['--plan', '--format', 'json', '--at', at], dir).stdout) as { actions: { kind: string; reason: string }[] };

  it('forecasts nothing well before the renewal window, and a renewal inside it', () => {
    expect(plan('+79d').actions).toEqual([]);
    const renew = plan('+81d').actions;
    expect(renew.map((a) => a.kind)).toEqual(['reimport-material']);
  });

  it('reports PendingImport after expiry, reads fail like S3, and apply recovers the same key', () => {
    const keyId = show(dir).keys[0]!.keyId;
    const status = cli(['status', '--at', '+91d', '--format', 'json'], dir);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).keys[0].state).toBe('PendingImport');
    const get = cli(['local', 'get-object', 'logs', 'obj.txt', '--at', '+91d'], dir);
    expect(get.code).toBe(1);
    expect(get.stderr).toMatch(/KMS\.KMSInvalidStateException|PendingImport/);
    expect(plan('+91d').actions.map((a) => a.kind)).toEqual(['reimport-material']);
    const apply = cli(['--apply', '--auto-approve', '--at', '+91d'], dir);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    const after = show(dir, ['--at', '+91d']).keys;
    expect(after.map((k) => [k.keyId, k.keyState])).toEqual([[keyId, 'Enabled']]);
    expect(cli(['local', 'get-object', 'logs', 'obj.txt', '--at', '+91d'], dir).stdout).toBe('hello');
    expect(cli(['--plan', '--detailed-exitcode', '--at', '+91d'], dir).code).toBe(0);
  });
});
