import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/manifest/load.js';
import { formatPath } from '../../src/manifest/positions.js';
import { loadManifest } from '../../src/manifest/index.js';

const TEXT = [
  'version: 1', //                                   1
  'name: demo', //                                   2
  'keys:', //                                        3
  '  payments:', //                                  4
  '    material:', //                                5
  '      file: a.bin', //                            6
  '    aliases: [alias/a, alias/b]', //              7
  '    expiration:', //                              8
  '  orders: { material: { env: X } }', //           9
  '',
].join('\n');

describe('SourceMap', () => {
  const { source } = parseYaml(TEXT, 'keys.yaml');
  const at = (path: (string | number)[]) => {
    const p = source!.posOf(path);
    return `${p.line}:${p.column}`;
  };

  it.each([
    [['version'], '1:10'],
    [['keys', 'payments', 'material', 'file'], '6:13'],
    [['keys', 'payments', 'aliases', 1], '7:24'],
    // Mappings and lists point at the key that introduces them.
    [['keys', 'payments', 'material'], '5:5'],
    [['keys', 'payments'], '4:3'],
    // `expiration:` with nothing after it: the key.
    [['keys', 'payments', 'expiration'], '8:5'],
    // Flow style keeps exact columns.
    [['keys', 'orders', 'material', 'env'], '9:30'],
  ])('%j at %s', (path, expected) => {
    expect(at(path)).toBe(expected);
  });

  it('falls back to the nearest existing parent', () => {
    expect(at(['keys', 'payments', 'material', 'kcv'])).toBe('5:5');
    expect(at(['keys', 'payments', 'aliases', 7])).toBe('7:5');
    expect(at(['keys', 'nope', 'material'])).toBe('3:1');
    expect(at(['keys', 'payments', 'expiration', 'validFor'])).toBe('8:5');
  });

  it('points at the key of a field when asked', () => {
    const p = source!.keyPosOf(['keys', 'payments', 'material', 'file']);
    expect(`${p.line}:${p.column}`).toBe('6:7');
    expect(p.file).toBe('keys.yaml');
  });

  it('root is the start of the document', () => {
    expect(at([])).toBe('1:1');
  });
});

describe('formatPath', () => {
  it('joins names with dots and indices with brackets', () => {
    expect(formatPath(['keys', 'payments', 'aliases', 1])).toBe('keys.payments.aliases[1]');
    expect(formatPath([])).toBe('(manifest)');
  });
});

describe('YAML problems', () => {
  it('reports every syntax error with its position and no data', () => {
    const { data, diagnostics } = parseYaml('version: 1\nname: [a\nkeys:\n  - x: : y\n', 'k.yaml');
    expect(data).toBeUndefined();
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) {
      expect(d.code).toBe('manifest.yaml-syntax');
      expect(d.pos?.file).toBe('k.yaml');
      expect(d.summary).not.toContain('\n');
    }
  });

  it('rejects duplicate keys', () => {
    const { diagnostics } = parseYaml('version: 1\nversion: 1\n', 'k.yaml');
    expect(diagnostics.map((d) => [d.code, d.pos?.line])).toEqual([['manifest.yaml-syntax', 2]]);
  });

  it('keeps KCVs and project ids that look like numbers as the text written', () => {
    const { data } = parseYaml('name: 2026\nkeys:\n  a:\n    material: { kcv: 000001 }\n  b:\n    material: { kcv: 1e5432 }\nproviders:\n  h: { projectId: 0123 }\nversion: 1\n', 'k.yaml');
    expect(data).toMatchObject({ name: '2026', keys: { a: { material: { kcv: '000001' } }, b: { material: { kcv: '1e5432' } } }, providers: { h: { projectId: '0123' } }, version: 1 });
  });

  it('an unreadable manifest is a diagnostic, not an exception', async () => {
    const r = await loadManifest('/nonexistent/dir/keys.yaml', { env: {}, cwd: '/' });
    expect(r.desired).toBeNull();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['manifest.unreadable']);
    expect(r.diagnostics[0]!.summary).toContain('no such file');
  });
});
