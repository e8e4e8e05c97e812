import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LoadThread } from '../../src/engine/manifest-load.js';
import { loadManifest, type LoadOptions, type LoadResult } from '../../src/manifest/index.js';

/**
 * Large manifests load in a worker thread (src/engine/manifest-load.ts). The worker needs the
 * compiled entry, so this drives the built module in dist/ (`npm test` builds first) and checks
 * that what comes back from the thread is exactly what an in-process load gives: errors with their
 * positions, warnings, and the DesiredState with its digest.
 */
const DIST = resolve(import.meta.dirname, '../../dist/engine/manifest-load.js');
type LoadFile = (file: string, opts: LoadOptions, thread?: LoadThread) => Promise<LoadResult>;
interface Built {
  loadManifestFile: LoadFile;
  loaderThreadsStarted: () => number;
  LARGE_MANIFEST_BYTES: number;
}
const built = async (): Promise<Built> => (await import(pathToFileURL(DIST).href)) as Built;
const loadFile = async (): Promise<LoadFile> => (await built()).loadManifestFile;

const BAD = resolve(import.meta.dirname, '../fixtures/bad-manifests');
const EXAMPLES = resolve(import.meta.dirname, '../../examples');

describe('manifest load in a worker thread', () => {
  it('is built', () => {
    expect(existsSync(DIST)).toBe(true);
  });

  it.each([
    // A thread start costs ~0.1-0.3 s here: a sample of the corpus (syntax, schema, rules, material, env) and every example.
    ...['yaml-syntax', 'several-problems', 'wrong-kcv', 'missing-material-file', 'env-var-missing'].map((c) => [c, join(BAD, c)] as const),
    ...readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).map((f) => [f, EXAMPLES] as const),
  ])('%s: the same result as in process', async (name, dir) => {
    const file = name.endsWith('.yaml') ? name : 'keys.yaml';
    const opts = { env: {}, cwd: dir };
    const inWorker = await (await loadFile())(join(dir, file), opts, 'worker');
    expect(inWorker).toEqual(await loadManifest(join(dir, file), opts));
  });

  it('gives the thread the caller environment (material from an env variable)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'byok-load-'));
    writeFileSync(join(dir, 'keys.yaml'), 'version: 1\nname: w\nproviders:\n  l: { type: local, state: ./s.json }\nkeys:\n  a:\n    provider: l\n    material: { env: BYOK_WORKER_TEST_MATERIAL }\n');
    const env = { BYOK_WORKER_TEST_MATERIAL: Buffer.alloc(32, 7).toString('base64') };
    const inWorker = await (await loadFile())(join(dir, 'keys.yaml'), { env, cwd: dir }, 'worker');
    expect(inWorker.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(inWorker.desired?.keys.map((k) => k.name)).toEqual(['a']);
    const missing = await (await loadFile())(join(dir, 'keys.yaml'), { env: {}, cwd: dir }, 'worker');
    expect(missing.desired).toBeNull();
  });
});

describe('which thread loads a large manifest', () => {
  /** A manifest of at least LARGE_MANIFEST_BYTES: `extra` goes after the header. */
  const large = (limit: number, extra: string) => {
    const keys: string[] = [];
    for (let i = 0; keys.join('').length < limit; i++) keys.push(`  k${i}:\n    material: { file: material/k${i}.bin }\n    aliases: [alias/k${i}]\n`);
    const dir = mkdtempSync(join(tmpdir(), 'byok-large-'));
    writeFileSync(join(dir, 'keys.yaml'), `version: 1\nname: large\n${extra}providers:\n  l: { type: local, state: ./s.json }\ndefaults: { provider: l }\nkeys:\n${keys.join('')}`);
    return join(dir, 'keys.yaml');
  };
  const opts = (file: string): LoadOptions => ({ env: {}, cwd: dirname(file), readMaterials: false });

  it.each([
    ['one the strict parse reads: in process', '', 0],
    ['one with an anchor: the yaml library, in the loader thread', 'x-shared: &shared { a: 1 }\n', 1],
    ['one with a syntax error: the yaml library, in the loader thread', 'broken: [\n', 1],
  ])('%s', async (_, extra, threads) => {
    const { loadManifestFile, loaderThreadsStarted, LARGE_MANIFEST_BYTES } = await built();
    const file = large(LARGE_MANIFEST_BYTES, extra);
    const before = loaderThreadsStarted();
    const result = await loadManifestFile(file, opts(file));
    expect(loaderThreadsStarted() - before).toBe(threads);
    expect(result).toEqual(await loadManifest(file, opts(file)));
    expect(result.diagnostics.length > 0).toBe(extra !== '');
  });
});

describe('shareStrings (what comes back from the loader thread)', () => {
  it('keeps every value, walks arrays and plain objects, and leaves other objects alone', async () => {
    const { shareStrings } = await import('../../src/engine/manifest-load.js');
    const when = new Date(0);
    const bytes = Buffer.from('x');
    const data = { a: 'bench', list: ['bench', { b: 'bench', n: 1, none: null, no: undefined }], when, bytes, nested: { deep: [['RSA_2048']] } };
    const copy = structuredClone({ ...data, bytes: undefined });
    const out = shareStrings(data);
    expect(out).toBe(data);
    expect({ ...out, bytes: undefined }).toEqual(copy);
    expect(out.when).toBe(when);
    expect(out.bytes).toBe(bytes);
  });
});
