import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LocalProviderConfig } from '../../src/core/types.js';
import { loadManifest } from '../../src/manifest/index.js';

const REPO = join(import.meta.dirname, '..', '..');

describe('shipped manifests load cleanly, material included', () => {
  it.each([
    ['keys.yaml', 2],
    ['examples/aws-single-key.yaml', 1],
    ['examples/aws-rotation.yaml', 1],
    ['examples/huawei-sandbox.yaml', 1],
    ['examples/alibaba-sandbox.yaml', 1],
  ])('%s', async (file, minKeys) => {
    const { desired, diagnostics } = await loadManifest(file, { env: {}, cwd: REPO });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // Demo material is committed with mode 0644: warned about, never refused.
    expect(diagnostics.every((d) => d.code === 'material.permissions')).toBe(true);
    expect(desired).not.toBeNull();
    expect(desired!.keys.length + desired!.buckets.length).toBeGreaterThanOrEqual(minKeys);
    for (const key of desired!.keys) {
      expect(key.kcv).toMatch(/^[0-9a-f]{6}$/);
      expect(key.kcv).toBe(key.declaredKcv);
    }
  });

  it('the root keys.yaml runs on the implicit local provider, with aliases', async () => {
    const { desired } = await loadManifest('keys.yaml', { env: {}, cwd: REPO });
    expect(Object.values(desired!.providers).map((p) => p.type)).toEqual(['local']);
    expect((desired!.providers.local as LocalProviderConfig).state).toBe(join(REPO, '.reconcile/local-state.json'));
    expect(desired!.keys.some((k) => k.aliases.length > 0)).toBe(true);
    // No active bucket: the planner configures existing buckets only, and a fresh clone has none.
    expect(desired!.buckets).toEqual([]);
  });

  it('the commented bucket block of the root keys.yaml is valid once uncommented', async () => {
    const original = readFileSync(join(REPO, 'keys.yaml'), 'utf8');
    const at = original.indexOf('# buckets:');
    expect(at).toBeGreaterThan(0);
    const text = original.slice(0, at) + original.slice(at).replace(/^# /gm, '');
    const dir = mkdtempSync(join(tmpdir(), 'byok-root-'));
    try {
      cpSync(join(REPO, 'examples/material'), join(dir, 'examples/material'), { recursive: true });
      writeFileSync(join(dir, 'keys.yaml'), text);
      const { desired, diagnostics } = await loadManifest('keys.yaml', { env: {}, cwd: dir });
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(desired!.buckets).toEqual([expect.objectContaining({ name: 'demo-payments-bucket', key: 'payments', provider: 'local', reencrypt: true })]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the AWS seed example keeps its names', async () => {
    const { desired } = await loadManifest('examples/aws-single-key.yaml', { env: {}, cwd: REPO });
    expect(desired!.providers.tokyo).toMatchObject({ type: 'aws', region: 'ap-northeast-1' });
    expect(desired!.keys.map((k) => [k.name, k.aliases])).toEqual([['rotation-test-key', ['alias/rotation-test-key']]]);
    expect(desired!.buckets.map((b) => [b.name, b.key, b.provider])).toEqual([['kms-key-rotation-test-bucket', 'rotation-test-key', 'tokyo']]);
  });

  it('the rotation example rotates by changing the material: its second material has another KCV', async () => {
    const text = readFileSync(join(REPO, 'examples/aws-rotation.yaml'), 'utf8')
      .replace('file: material/demo-orders-v1.bin', 'file: material/demo-orders-v2.bin')
      .replace('kcv: 9fc9a8', 'kcv: 145952');
    const dir = mkdtempSync(join(tmpdir(), 'byok-rotation-'));
    try {
      cpSync(join(REPO, 'examples/material'), join(dir, 'material'), { recursive: true });
      writeFileSync(join(dir, 'aws-rotation.yaml'), text);
      const before = await loadManifest('examples/aws-rotation.yaml', { env: {}, cwd: REPO });
      const after = await loadManifest('aws-rotation.yaml', { env: {}, cwd: dir });
      expect(after.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(after.desired!.keys[0]!.kcv).toBe('145952');
      expect(after.desired!.keys[0]!.kcv).not.toBe(before.desired!.keys[0]!.kcv);
      expect(after.desired!.digest).not.toBe(before.desired!.digest);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
