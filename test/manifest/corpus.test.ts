import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/index.js';

/**
 * test/fixtures/bad-manifests/<case>/keys.yaml with expected.txt: one `file:line:column code` line
 * per expected error, in order. The expectations are written by hand and never regenerated here.
 * Warnings (e.g. the mode of checked-out material files) depend on the checkout and are not listed.
 */
const ROOT = join(import.meta.dirname, '..', 'fixtures', 'bad-manifests');
const CASES = readdirSync(ROOT).filter((c) => existsSync(join(ROOT, c, 'keys.yaml'))).sort();

describe('bad-manifest corpus', () => {
  it('has the cases the manifest loader promises to catch', () => {
    for (const c of ['yaml-syntax', 'unknown-top-level-field', 'unknown-key-field', 'wrong-enum', 'bad-duration', 'validfor-over-365d-aws',
      'unknown-provider', 'bucket-unknown-key', 'duplicate-alias', 'bad-alias-prefix', 'incompatible-wrapping', 'missing-material-file',
      'wrong-material-size', 'wrong-kcv', 'env-var-missing', 'several-problems']) {
      expect(CASES).toContain(c);
    }
  });

  it.each(CASES)('%s', async (name) => {
    const dir = join(ROOT, name);
    const expected = readFileSync(join(dir, 'expected.txt'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    expect(expected.length, 'a bad manifest expects at least one error').toBeGreaterThan(0);

    const { desired, diagnostics } = await loadManifest('keys.yaml', { env: {}, cwd: dir });
    const actual = diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.pos?.file}:${d.pos?.line}:${d.pos?.column} ${d.code}`);
    expect(actual).toEqual(expected);
    expect(desired).toBeNull();
    for (const d of diagnostics) {
      expect(d.summary, 'a summary is one line').not.toContain('\n');
      expect(d.summary).not.toMatch(/must match pattern|must NOT have|boolean schema/);
    }
  });

  it('reports many problems of different kinds in one run', async () => {
    const { diagnostics } = await loadManifest('keys.yaml', { env: {}, cwd: join(ROOT, 'several-problems') });
    const codes = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.code));
    expect([...codes].sort()).toEqual([
      'manifest.alias-name', 'manifest.expiration', 'manifest.schema', 'manifest.unknown-key', 'manifest.unknown-provider',
      'material.kcv-mismatch', 'material.missing', 'wrapping.incompatible',
    ]);
  });
});
