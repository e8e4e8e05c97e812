import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEADER, errors, loadInline } from './helpers.js';
import { closest } from '../../src/manifest/suggest.js';
import { KEY_SPECS, PROVIDER_TYPES, WRAPPING_ALGORITHMS, WRAPPING_KEY_SPECS } from '../../src/core/specs.js';
import { SCHEMA_URL } from '../../src/manifest/schema.js';

const KEY = 'keys:\n  payments:\n    material: { file: a.bin }\n';

async function only(manifest: string) {
  const r = await loadInline(manifest);
  expect(r.desired).toBeNull();
  const errs = errors(r.diagnostics);
  expect(errs).toHaveLength(1);
  return errs[0]!;
}

describe('schema diagnostics read like advice', () => {
  it('unknown field: names the place, lists the allowed fields, suggests the closest', async () => {
    const d = await only(`${HEADER}${KEY}    expiration: { valdFor: 90d }\n`);
    expect(d).toMatchObject({
      code: 'manifest.schema',
      summary: 'unknown field `valdFor` in keys.payments.expiration',
      detail: 'Allowed fields: validFor, renewBefore, model. Did you mean `validFor`?',
      path: 'keys.payments.expiration.valdFor',
      pos: { file: 'keys.yaml', line: 6, column: 19 },
    });
  });

  it('wrong enum value: lists the choices', async () => {
    const d = await only(`${HEADER}${KEY}    retire: { action: delete }\n`);
    expect(d.summary).toBe('invalid value `delete` for keys.payments.retire.action: expected one of disable, schedule-deletion, keep');
  });

  it('long enum lists move to the detail, with a suggestion', async () => {
    const d = await only(`${HEADER}${KEY}    keySpec: RSA_4069\n`);
    expect(d.summary).toBe('invalid value `RSA_4069` for keys.payments.keySpec');
    expect(d.detail).toMatch(/^Expected one of SYMMETRIC_DEFAULT, .*\. Did you mean `RSA_4096`\?$/);
  });

  it('bad duration gets its own code', async () => {
    const d = await only(`${HEADER}${KEY}    expiration: { validFor: 1y }\n`);
    expect(d.code).toBe('manifest.duration');
    expect(d.summary).toBe('invalid duration `1y` for keys.payments.expiration.validFor');
  });

  it('material needs exactly one source', async () => {
    const none = await only(`${HEADER}keys:\n  payments:\n    material: { kcv: abcdef }\n`);
    expect(none.summary).toBe('keys.payments.material needs one of `file`, `env`, `command`');
    const two = await only(`${HEADER}keys:\n  payments:\n    material: { file: a.bin, command: [cat, a.bin] }\n`);
    expect(two.summary).toBe('keys.payments.material takes exactly one of `file`, `env`, `command`; found `file` and `command`');
  });

  it('options of another source are refused', async () => {
    const d = await only(`${HEADER}keys:\n  payments:\n    material: { env: X, timeout: 10s }\n`);
    expect(d.summary).toBe('`timeout` is only valid together with `command` in keys.payments.material');
  });

  it('model: never takes no validFor', async () => {
    const d = await only(`${HEADER}${KEY}    expiration: { model: never, renewBefore: 3d }\n`);
    expect(d.summary).toBe('field `renewBefore` is not allowed in keys.payments.expiration');
    expect(d.detail).toContain('{ model: never }');
  });

  it('string-or-mapping fields report the branch that fits the value', async () => {
    const base = `${HEADER}providers:\n  tokyo:\n    type: aws\n    region: ap-northeast-1\n`;
    const obj = await only(`${base}    endpoint: { kms: ftp://x }\n`);
    expect(obj.summary).toBe('invalid value `ftp://x` for providers.tokyo.endpoint.kms');
    const str = await only(`${base}    endpoint: not-a-url\n`);
    expect(str.summary).toBe('invalid value `not-a-url` for providers.tokyo.endpoint');
    const num = await only(`${base}    endpoint: 5\n`);
    expect(num.summary).toBe('providers.tokyo.endpoint must be a string or a mapping, found a number (`5`)');
  });

  it('provider fields depend on the type', async () => {
    const d = await only(`${HEADER}providers:\n  tokyo: { type: aws, region: ap-northeast-1, state: x.json }\n`);
    expect(d.summary).toBe('unknown field `state` in providers.tokyo');
    expect(d.detail).toBe('Allowed fields: type, region, profile, endpoint, lock, quotas, discovery.');
    const missing = await only(`${HEADER}providers:\n  bj: { type: huawei, region: cn-north-4 }\n`);
    expect(missing.summary).toBe('missing field `projectId` in providers.bj');
    const unknown = await only(`${HEADER}providers:\n  g: { type: gcp }\n`);
    expect(unknown.summary).toBe('invalid value `gcp` for providers.g.type: expected one of local, aws, alibaba, huawei');
  });

  it('invalid names point at the name', async () => {
    const d = await only(`${HEADER}keys:\n  bad/name:\n    material: { file: a.bin }\n`);
    expect(d).toMatchObject({ summary: 'invalid name `bad/name` in keys', path: 'keys.bad/name', pos: { line: 4, column: 3 } });
  });

  it('numbers where text is expected say how to quote', async () => {
    const d = await only(`${HEADER}${KEY}    description: 2026\n`);
    expect(d.summary).toBe('keys.payments.description must be a string, found a number (`2026`)');
    expect(d.detail).toContain('quote the value');
  });

  it('an empty manifest says so', async () => {
    const d = await only('');
    expect(d.summary).toBe('the manifest is empty');
    expect(d.path).toBeUndefined();
  });

  it('reports every schema problem at once', async () => {
    const r = await loadInline(`version: 2\nname: x\nextra: 1\n${KEY}    rotation: sideways\n    aliasses: []\n`);
    expect(errors(r.diagnostics).map((d) => d.path)).toEqual(['version', 'extra', 'keys.payments.rotation', 'keys.payments.aliasses']);
  });
});

describe('keys.schema.json stays in step with the shared vocabulary', () => {
  const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as { $defs: Record<string, { enum?: string[]; properties?: Record<string, { enum?: string[] }> }> };
  it('enums match src/core/specs.ts', () => {
    expect(schema.$defs.keySpec!.enum).toEqual([...KEY_SPECS]);
    expect(schema.$defs.wrapping!.properties!.algorithm!.enum).toEqual([...WRAPPING_ALGORITHMS]);
    expect(schema.$defs.wrapping!.properties!.keySpec!.enum).toEqual([...WRAPPING_KEY_SPECS]);
    expect((schema.$defs.provider!.properties!.type as { enum: string[] }).enum).toEqual([...PROVIDER_TYPES]);
  });
});

describe('closest', () => {
  it.each([
    ['valdFor', ['validFor', 'renewBefore', 'model'], 'validFor'],
    ['tokio', ['tokyo', 'local'], 'tokyo'],
    ['descripton', ['provider', 'description'], 'description'],
    ['kye', ['key', 'keys'], 'key'],
    ['zzz', ['validFor', 'model'], undefined],
    ['model', ['model'], undefined],
  ])('%s -> %s', (input, candidates, expected) => {
    expect(closest(input, candidates)).toBe(expected);
  });
});
