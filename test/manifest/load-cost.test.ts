import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/index.js';
import { desiredDigest } from '../../src/manifest/digest.js';
import { parseYaml, withPlainEnv } from '../../src/manifest/load.js';
import { prune } from '../../src/manifest/prune.js';
import type { SchemaProblem } from '../../src/manifest/schema-messages.js';
import { tempDir } from '../e2e/cli.js';

/**
 * What the manifest load does to be cheap at tens of thousands of keys must not change what it
 * produces: the same digest bytes as before, the same data, and nothing left changed behind it.
 */
const PINNED = [
  'version: 1',
  'name: pinned',
  'providers:',
  '  sandbox: { type: local, state: .reconcile/state.json }',
  '  "7": { type: aws, region: eu-west-1, quotas: { ImportKeyMaterial: 5, CreateKey: 2 } }',
  'defaults:',
  '  provider: sandbox',
  '  expiration: { validFor: 90d, renewBefore: 10d }',
  'keys:',
  '  alpha:',
  '    material: { file: alpha.bin }',
  '    aliases: [alias/alpha, alias/a]',
  '  beta:',
  '    provider: "7"',
  '    description: second',
  '    material: { file: beta.hex, encoding: hex }',
  '    retire: { action: schedule-deletion, after: 3d }',
  'buckets:',
  '  store-one: { key: alpha, bucketKey: false }',
  '',
].join('\n');

async function loadPinned() {
  const dir = tempDir('byok-pinned-');
  writeFileSync(join(dir, 'keys.yaml'), PINNED);
  writeFileSync(join(dir, 'alpha.bin'), Buffer.alloc(32, 7), { mode: 0o600 });
  writeFileSync(join(dir, 'beta.hex'), `${Buffer.alloc(32, 9).toString('hex')}\n`, { mode: 0o600 });
  const { desired, diagnostics } = await loadManifest('keys.yaml', { env: {}, cwd: dir });
  expect(diagnostics).toEqual([]);
  return { desired: desired!, dir };
}

describe('the desired-state digest', () => {
  it('is the one earlier versions computed for the same manifest (saved plans stay fresh across upgrades)', async () => {
    const { desired } = await loadPinned();
    // Computed by the version before this change; a provider named "7" checks JSON's key order.
    expect(desired.digest).toBe('675fa5770df46f36352a671d8362744cdc1e945dcfce135d52e15c81c6c85f55');
  });

  it('is computed when first read, then kept; spreads and JSON carry it like a plain field', async () => {
    const { desired, dir } = await loadPinned();
    const before = Object.getOwnPropertyDescriptor(desired, 'digest');
    expect(before?.get).toBeTypeOf('function');
    expect(before?.enumerable).toBe(true);
    const { digest: _digest, ...state } = { ...desired };
    expect(desired.digest).toBe(desiredDigest(state, dir));
    expect(Object.getOwnPropertyDescriptor(desired, 'digest')).toMatchObject({ value: desired.digest, enumerable: true });
    expect({ ...desired }.digest).toBe(desired.digest);
    expect(JSON.parse(JSON.stringify(desired)).digest).toBe(desired.digest);
  });
});

describe('parsing with a plain process.env', () => {
  it('gives the callback a copy of the environment and puts the real object back, also on a throw', () => {
    const real = process.env;
    const seen = withPlainEnv(() => {
      expect(process.env).not.toBe(real);
      return { ...process.env };
    });
    expect(seen).toEqual({ ...real });
    expect(process.env).toBe(real);
    expect(() =>
      withPlainEnv(() => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(process.env).toBe(real);
  });

  it('leaves the real process.env in place after a parse', () => {
    const real = process.env;
    const { data } = parseYaml('version: 1\nname: x\n', 'k.yaml');
    expect(data).toEqual({ version: 1, name: 'x' });
    expect(process.env).toBe(real);
  });
});

describe('prune', () => {
  it('drops broken entries from its result without changing the data it was given', () => {
    const data = { version: 1, name: 'x', keys: { good: { material: { env: 'A' } }, bad: { nope: 1 } }, providers: { p: { type: 'aws', bogus: 1 } } };
    const copy = structuredClone(data);
    const problem = (path: string[]): SchemaProblem => ({ code: 'manifest.schema', path, atKey: false, summary: 'broken' });
    const pruned = prune(data, [problem(['keys', 'bad']), problem(['providers', 'p', 'bogus'])]);
    expect(Object.keys(pruned!.raw.keys!)).toEqual(['good']);
    expect(pruned!.raw.providers!.p).toEqual({ type: 'aws' });
    expect(pruned!.declared.keys.has('bad')).toBe(true);
    expect(data).toEqual(copy);
  });
});
