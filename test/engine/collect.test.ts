import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { fullCollection } from '../../src/engine/collect.js';
import { collectAfterParse, LARGE_MANIFEST_BYTES } from '../../src/engine/manifest-load.js';
import { loadManifest } from '../../src/manifest/index.js';

describe('collecting right after the yaml parse', () => {
  it('fullCollection frees garbage at once and leaves no gc global behind', () => {
    const gc = fullCollection();
    expect(typeof gc).toBe('function');
    let garbage: unknown[] | null = Array.from({ length: 400_000 }, (_, i) => ({ i, s: `x${i}` }));
    const held = getHeapStatistics().used_heap_size;
    garbage = null;
    gc!();
    expect(garbage).toBeNull();
    // 400,000 objects and strings are some 30 MB; what is left after a full collection is far less.
    expect(held - getHeapStatistics().used_heap_size).toBeGreaterThan(15e6);
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });

  it('loadManifest calls afterParse once after the yaml library built its document, not after the strict parse nor for an unreadable file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'byok-collect-'));
    writeFileSync(join(dir, 'm.bin'), Buffer.alloc(32, 7), { mode: 0o600 });
    const body = 'keys:\n  a:\n    material: { file: m.bin }\n    wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }\n';
    // An anchor: the strict parse refuses it, the yaml library reads it.
    writeFileSync(join(dir, 'document.yaml'), `version: 1\nname: &n c\n${body}`);
    writeFileSync(join(dir, 'strict.yaml'), `version: 1\nname: c\n${body}`);
    let calls = 0;
    const afterParse = () => calls++;
    const result = await loadManifest('document.yaml', { env: {}, cwd: dir, afterParse });
    expect(result.desired?.keys.map((k) => k.name)).toEqual(['a']);
    expect(calls).toBe(1);
    expect((await loadManifest('strict.yaml', { env: {}, cwd: dir, afterParse })).desired?.keys.map((k) => k.name)).toEqual(['a']);
    expect(calls).toBe(1);
    await loadManifest('absent.yaml', { env: {}, cwd: dir, afterParse });
    expect(calls).toBe(1);
    // documentParse 'only' (the loader thread, for a text the strict parse refused): the yaml
    // library parses even what the strict parse would read, with the same result.
    const only = await loadManifest('strict.yaml', { env: {}, cwd: dir, afterParse, documentParse: 'only' });
    expect(calls).toBe(2);
    expect(only).toEqual(await loadManifest('strict.yaml', { env: {}, cwd: dir }));
  });

  it('validate collects for a large manifest only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'byok-collect-'));
    writeFileSync(join(dir, 'small.yaml'), 'version: 1\n');
    writeFileSync(join(dir, 'large.yaml'), `version: 1\n#${'x'.repeat(LARGE_MANIFEST_BYTES)}\n`);
    expect(collectAfterParse(join(dir, 'small.yaml'))).toEqual({});
    expect(typeof collectAfterParse(join(dir, 'large.yaml')).afterParse).toBe('function');
    expect(collectAfterParse(join(dir, 'absent.yaml'))).toEqual({});
  });
});
