import { describe, expect, it } from 'vitest';
import { cli, cliAsync, show, tempDir, write } from './cli.js';

/**
 * A cloud that cannot tag at create (Huawei) needs two calls per new key. `local` with
 * `tagsAtCreate: false` behaves the same way; the failpoint kills the apply with SIGKILL right
 * after the create call, before the tag call. The next runs must find the untagged key by its
 * create-time identity, tag it and use it: one key per manifest key, none orphaned, none doubled.
 */
describe('crash between create and tag (tag-after-create provider)', () => {
  it('kill -9 after create-key: the next apply adopts the untagged key and converges', async () => {
    const dir = tempDir();
    for (const k of ['a', 'b']) expect(cli(['material', 'generate', '--out', `${k}.bin`], dir).code).toBe(0);
    write(dir, 'keys.yaml', [
      'version: 1',
      'name: untagged-e2e',
      'providers:',
      '  local: { type: local, tagsAtCreate: false }',
      'defaults:',
      '  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }',
      'keys:',
      '  a: { material: { file: a.bin }, aliases: [alias/a] }',
      '  b: { material: { file: b.bin }, aliases: [alias/b] }',
      '',
    ].join('\n'));

    const child = cliAsync(['--apply', '--auto-approve'], dir, { BYOK_FAILPOINT: 'after-create-key' });
    const signal = await new Promise((r) => child.once('exit', (_code, sig) => r(sig)));
    expect(signal).toBe('SIGKILL');

    // The kill landed between the two calls: a key exists that carries no ownership tag.
    const crashed = show(dir).keys;
    expect(crashed.length).toBeGreaterThan(0);
    expect(crashed.some((k) => k.tags['byok:manifest'] === undefined)).toBe(true);

    // The plan finds it by its identity and tags it instead of creating that generation again.
    const planned = cli(['--plan', '--format', 'json'], dir);
    const doc = JSON.parse(planned.stdout) as { actions: { id: string; kind: string }[] };
    expect(doc.actions.filter((a) => a.id.endsWith('/tag-ownership')).length).toBe(crashed.length);
    expect(doc.actions.filter((a) => a.kind === 'create-key').length).toBe(2 - crashed.length);

    const applied = cli(['--apply', '--auto-approve'], dir);
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
    expect(cli(['--plan', '--detailed-exitcode'], dir).code).toBe(0);

    const keys = show(dir).keys;
    expect(keys.length, 'no orphaned or duplicate key').toBe(2);
    for (const name of ['a', 'b']) {
      const mine = keys.filter((k) => k.tags['byok:key'] === name);
      expect(mine.map((k) => [k.keyState, k.tags['byok:manifest'], k.tags['byok:generation'], k.aliases]), name).toEqual([['Enabled', 'untagged-e2e', '1', [`alias/${name}`]]]);
    }
    expect(crashed.every((c) => keys.some((k) => k.keyId === c.keyId)), 'the crashed key is the one in use').toBe(true);
  }, 120_000);
});
