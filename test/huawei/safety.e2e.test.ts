/**
 * Huawei safety properties through the CLI against the sandbox: bad input refused at validate with
 * file:line:column and no API call; a kill -9 between create-key and tagging leaves a key that the
 * next run finds by its alias and tags (no orphan, no duplicate); kill -9 at other points converges;
 * the import request always carries expiration_time in epoch seconds; canary material appears in no
 * output, saved plan or sandbox state.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, write } from '../e2e/cli.js';
import { hcClient, kms } from './clients.js';
import { huaweiManifest, reconcileAsync, startStoreSandbox, type HwSandbox } from './e2e-helpers.js';

describe('Huawei safety (CLI against the sandbox)', () => {
  const dir = tempDir('byok-hw-safety-');
  let hw: HwSandbox;
  let killOnCreate: ChildProcess | undefined;
  const reconcile = (args: string[], onSpawn?: (c: ChildProcess) => void) => reconcileAsync(dir, args, {}, undefined, onSpawn);
  const kinds = (stdout: string) => (JSON.parse(stdout) as { actions: { kind: string }[] }).actions.map((a) => a.kind);
  const keysOf = async (manifestName: string) => {
    const out = (await kms(hcClient(hw.sb.url), 'POST', 'list-keys', { key_spec: 'ALL', limit: '1000' })) as { key_details: Record<string, string>[] };
    return out.key_details.filter((k) => k['key_alias']!.startsWith(`byok/${manifestName}/`));
  };
  const tagsOf = async (keyId: string) =>
    Object.fromEntries(((await kms(hcClient(hw.sb.url), 'GET', `${keyId}/tags`)) as { tags: { key: string; value: string }[] }).tags.map((t) => [t.key, t.value]));

  beforeAll(async () => {
    hw = await startStoreSandbox(dir, {
      async onApplied(op) {
        if (op === 'create-key' && killOnCreate) {
          // The key exists now; the client dies before it hears the answer or tags the key.
          killOnCreate.kill('SIGKILL');
          killOnCreate = undefined;
          await sleep(50);
        }
      },
    });
    for (const m of ['m1.bin', 'm2.bin']) expect((await reconcile(['material', 'generate', '--out', m])).code).toBe(0);
  }, 30_000);

  afterAll(async () => {
    await hw?.sb.close();
  });

  it('refuses a never-expiring Huawei key at validate with file:line:column, and calls nothing', async () => {
    const text = huaweiManifest(hw.sb.url, { name: 'bad', material: 'm1.bin' }).replace(/expiration: \{[^}]*\}/, 'expiration: { model: never }');
    write(dir, 'bad.yaml', text);
    const before = hw.sb.stats().totals.calls;
    for (const args of [['validate', '-f', 'bad.yaml'], ['--plan', '-f', 'bad.yaml']]) {
      const r = await reconcile(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+/);
      expect(r.stderr).toContain('must expire');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(hw.sb.stats().totals.calls).toBe(before);
  }, 30_000);

  it('a kill -9 between create-key and tagging leaves no orphan: the next run finds the key by its alias and tags it', async () => {
    write(dir, 'keys.yaml', huaweiManifest(hw.sb.url, { name: 'crashy', material: 'm1.bin' }));
    const killed = await reconcile(['--apply', '--auto-approve'], (c) => (killOnCreate = c));
    expect(killed.code).toBe(137);
    const [orphan, ...more] = await keysOf('crashy');
    expect(more).toEqual([]);
    expect(await tagsOf(orphan!['key_id']!)).toEqual({});

    const plan = await reconcile(['--plan', '--format', 'json']);
    expect(kinds(plan.stdout)).toEqual(['tag-key', 'import-material', 'create-alias']);
    const apply = await reconcile(['--apply', '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(0);
    const keys = await keysOf('crashy');
    expect(keys.map((k) => [k['key_id'], k['key_state']])).toEqual([[orphan!['key_id'], '2']]);
    expect(await tagsOf(orphan!['key_id']!)).toMatchObject({ 'byok:manifest': 'crashy', 'byok:key': 'rotation-test-key', 'byok:generation': '1' });
    expect((await reconcile(['--plan', '--detailed-exitcode'])).code).toBe(0);
  }, 60_000);

  it('kill -9 at other points of an apply converges to one key, tagged, usable, with its alias', async () => {
    write(dir, 'keys.yaml', huaweiManifest(hw.sb.url, { name: 'crashy2', material: 'm2.bin' }));
    for (const killAfter of [1, 2, 3]) {
      let seen = 0;
      await reconcileAsync(dir, ['--apply', '--auto-approve', '--log-format', 'json'], {}, (chunk, child) => {
        seen += chunk.split('\n').filter((l) => l.includes('"action"')).length;
        if (seen >= killAfter) child.kill('SIGKILL');
      });
    }
    let last = await reconcile(['--apply', '--auto-approve']);
    if (last.code !== 0) last = await reconcile(['--apply', '--auto-approve']);
    expect(last.code, last.stderr).toBe(0);
    expect((await reconcile(['--plan', '--detailed-exitcode'])).code).toBe(0);
    const keys = await keysOf('crashy2');
    expect(keys.map((k) => k['key_state'])).toEqual(['2']);
    expect(await tagsOf(keys[0]!['key_id']!)).toMatchObject({ 'byok:manifest': 'crashy2', 'byok:generation': '1' });
  }, 90_000);

  it('sends expiration_time in epoch seconds on every import, and never leaks canary material', async () => {
    const canary = Buffer.from('HWCANARY'.repeat(4));
    writeFileSync(join(dir, 'canary.bin'), canary);
    write(dir, 'keys.yaml', huaweiManifest(hw.sb.url, { name: 'canary', material: 'canary.bin', validFor: '30d', renewBefore: '7d' }));
    const plan = await reconcile(['--plan', '--out', 'plan.json']);
    const apply = await reconcile(['--apply', 'plan.json', '--auto-approve', '--log-format', 'json']);
    expect(apply.code, apply.stderr).toBe(0);
    const md = await keysOf('canary');
    const expiresMs = Number(md[0]!['expiration_time']);
    // Seconds on the wire, rendered by describe-key in ms: 30 days out, whole seconds, not the 24 h default.
    expect(expiresMs % 1000).toBe(0);
    expect(expiresMs - Date.now()).toBeGreaterThan(29.9 * 86_400_000);
    hw.store.save();
    const everything = [plan.stdout, plan.stderr, apply.stdout, apply.stderr, readFileSync(join(dir, 'plan.json'), 'utf8'), readFileSync(join(dir, 'hw-state.json'), 'utf8')].join('\n');
    for (const form of ['HWCANARY', canary.toString('hex'), canary.toString('base64')]) expect(everything).not.toContain(form);
  }, 60_000);
});
