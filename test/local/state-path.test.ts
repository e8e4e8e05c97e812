import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localStatePath } from '../../src/providers/local/state-path.js';
import { UserError } from '../../src/diagnostics/diagnostic.js';

function manifest(yaml: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'byok-statepath-'));
  const file = join(dir, 'keys.yaml');
  if (yaml !== null) writeFileSync(file, yaml);
  return file;
}

const TWO_LOCALS = `
version: 1
name: m
providers:
  first: { type: local, state: state/first.json }
  tokyo: { type: aws, region: ap-northeast-1 }
  second: { type: local, state: /abs/second.json }
  bare: { type: local }
`;

describe('localStatePath', () => {
  it.each([
    ['no manifest at all', null, undefined, '.reconcile/local-state.json'],
    ['a manifest without providers', 'version: 1\nname: m\n', undefined, '.reconcile/local-state.json'],
    ['the first local instance', TWO_LOCALS, undefined, 'state/first.json'],
    ['defaults.provider when it is local', `${TWO_LOCALS}defaults: { provider: second }\n`, undefined, '/abs/second.json'],
    ['the first local when defaults.provider is not local', `${TWO_LOCALS}defaults: { provider: tokyo }\n`, undefined, 'state/first.json'],
    ['a named instance', TWO_LOCALS, 'second', '/abs/second.json'],
    ['a named instance without state', TWO_LOCALS, 'bare', '.reconcile/local-state.json'],
    ['the implicit `local` instance', TWO_LOCALS, 'local', '.reconcile/local-state.json'],
    ['an explicit `local` instance', 'providers:\n  local: { type: local, state: mine.json }\n', 'local', 'mine.json'],
    ['only an aws provider', 'providers:\n  tokyo: { type: aws }\n', undefined, '.reconcile/local-state.json'],
  ])('uses %s', (_n, yaml, provider, expected) => {
    const file = manifest(yaml);
    const want = expected.startsWith('/') ? expected : join(file, '..', expected);
    expect(localStatePath(file, provider)).toBe(want);
  });

  it.each([
    ['an aws instance', 'tokyo'],
    ['an unknown instance', 'nope'],
  ])('refuses --provider naming %s', (_n, provider) => {
    const file = manifest(TWO_LOCALS);
    expect(() => localStatePath(file, provider)).toThrow(UserError);
    expect(() => localStatePath(file, provider)).toThrow(/no local provider instance named/);
  });

  it('reports broken YAML as a user error', () => {
    const file = manifest('providers: [unclosed\n');
    expect(() => localStatePath(file)).toThrow(expect.objectContaining({ diagnostics: [expect.objectContaining({ code: 'manifest.yaml-syntax' })] }));
  });
});
