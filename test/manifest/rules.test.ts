import { describe, expect, it } from 'vitest';
import { aliasProblem, CATALOG as PROVIDER_LIMITS } from '../../src/catalog/index.js';
import { HEADER, codesAndPaths, errors, loadInline } from './helpers.js';

const PROVIDERS = `providers:
  tokyo: { type: aws, region: ap-northeast-1 }
  osaka: { type: aws, region: ap-northeast-3 }
  bj: { type: huawei, region: cn-north-4, projectId: p1 }
  hz: { type: alibaba, region: cn-hangzhou }
`;

function key(name: string, body = ''): string {
  return `  ${name}:\n    material: { file: ${name}.bin }\n${body}`;
}

type Case = [title: string, manifest: string, expected: string[]];

const cases: Case[] = [
  ['a clean manifest has no findings', `${HEADER}${PROVIDERS}keys:\n${key('a', '    provider: tokyo\n    aliases: [alias/a]\n')}buckets:\n  a-bucket: { key: a }\n`, []],
  // references
  ['unknown provider on a key', `${HEADER}${PROVIDERS}keys:\n${key('a', '    provider: kyoto\n')}`, ['manifest.unknown-provider keys.a.provider']],
  ['unknown default provider is reported once', `${HEADER}defaults:\n  provider: nowhere\nkeys:\n${key('a')}${key('b')}`, ['manifest.unknown-provider defaults.provider']],
  ['unknown provider on a bucket', `${HEADER}keys:\n${key('a')}buckets:\n  a-bucket: { key: a, provider: nowhere }\n`, ['manifest.unknown-provider buckets.a-bucket.provider']],
  ['bucket with an unknown key', `${HEADER}keys:\n${key('a')}buckets:\n  a-bucket: { key: b }\n`, ['manifest.unknown-key buckets.a-bucket.key']],
  ['bucket on another provider than its key', `${HEADER}${PROVIDERS}keys:\n${key('a', '    provider: tokyo\n')}buckets:\n  a-bucket: { key: a, provider: osaka }\n`, ['manifest.unknown-key buckets.a-bucket.provider']],
  ['bucket on the default provider while its key is elsewhere', `${HEADER}${PROVIDERS}defaults:\n  provider: osaka\nkeys:\n${key('a', '    provider: tokyo\n')}buckets:\n  a-bucket: { key: a, provider: osaka }\n`, ['manifest.unknown-key buckets.a-bucket.provider']],
  // aliases
  ['alias claimed by two keys', `${HEADER}keys:\n${key('a', '    aliases: [alias/x]\n')}${key('b', '    aliases: [alias/y, alias/x]\n')}`, ['manifest.duplicate-alias keys.b.aliases[1]']],
  ['alias listed twice by one key', `${HEADER}keys:\n${key('a', '    aliases: [alias/x, alias/x]\n')}`, ['manifest.duplicate-alias keys.a.aliases[1]']],
  ['same alias on two provider instances is fine', `${HEADER}${PROVIDERS}keys:\n${key('a', '    provider: tokyo\n    aliases: [alias/x]\n')}${key('b', '    provider: osaka\n    aliases: [alias/x]\n')}`, []],
  ['aws alias rules', `${HEADER}${PROVIDERS}keys:\n${key('a', `    provider: tokyo\n    aliases: [x, alias/aws/x, alias/, 'alias/sp ace', alias/${'y'.repeat(251)}, alias/ok:/_-]\n`)}`,
    ['manifest.alias-name keys.a.aliases[0]', 'manifest.alias-name keys.a.aliases[1]', 'manifest.alias-name keys.a.aliases[2]', 'manifest.alias-name keys.a.aliases[3]', 'manifest.alias-name keys.a.aliases[4]']],
  ['local follows aws alias rules', `${HEADER}keys:\n${key('a', '    aliases: [x]\n')}`, ['manifest.alias-name keys.a.aliases[0]']],
  ['alibaba alias rules', `${HEADER}${PROVIDERS}keys:\n${key('a', '    provider: hz\n    aliases: [alias/acs-x, x, alias/fine]\n')}`, ['manifest.alias-name keys.a.aliases[0]', 'manifest.alias-name keys.a.aliases[1]']],
  ['huawei alias rules', `${HEADER}${PROVIDERS}keys:\n${key('a', '    provider: bj\n    aliases: [kms-1234, a/default, alias/fine, "no spaces"]\n')}`, ['manifest.alias-name keys.a.aliases[1]', 'manifest.alias-name keys.a.aliases[3]']],
  // expiration
  ['validFor 400d on aws', `${HEADER}${PROVIDERS}keys:\n${key('a', '    provider: tokyo\n    expiration: { validFor: 400d }\n')}`, ['manifest.expiration keys.a.expiration.validFor']],
  ['validFor 400d on local (behaves like aws)', `${HEADER}defaults:\n  expiration: { validFor: 8761h }\nkeys:\n${key('a')}`, ['manifest.expiration defaults.expiration.validFor']],
  ['validFor 400d on huawei is fine', `${HEADER}${PROVIDERS}keys:\n${key('a', '    provider: bj\n    expiration: { validFor: 400d }\n')}`, []],
  ['renewBefore not shorter than validFor', `${HEADER}keys:\n${key('a', '    expiration: { validFor: 30d, renewBefore: 720h }\n')}`, ['manifest.expiration keys.a.expiration.renewBefore']],
  ['renewBefore longer than the built-in validFor', `${HEADER}keys:\n${key('a', '    expiration: { renewBefore: 400d }\n')}`, ['manifest.expiration keys.a.expiration.renewBefore']],
  ['renewBefore 0 and validFor 0', `${HEADER}keys:\n${key('a', '    expiration: { validFor: 0d, renewBefore: 0m }\n')}`, ['manifest.expiration keys.a.expiration.validFor', 'manifest.expiration keys.a.expiration.renewBefore']],
  ['model never needs neither', `${HEADER}keys:\n${key('a', '    expiration: { model: never }\n')}`, []],
  // retire
  ['pendingWindow outside the aws window', `${HEADER}${PROVIDERS}keys:\n${key('a', '    provider: tokyo\n    retire: { action: schedule-deletion, pendingWindow: 6d }\n')}`, ['manifest.duration keys.a.retire.pendingWindow']],
  ['pendingWindow 366d on alibaba is fine, 367d is not', `${HEADER}${PROVIDERS}keys:\n${key('a', '    provider: hz\n    retire: { pendingWindow: 366d }\n')}${key('b', '    provider: hz\n    retire: { pendingWindow: 367d }\n')}`, ['manifest.duration keys.b.retire.pendingWindow']],
  ['pendingWindow 1096d on huawei is fine', `${HEADER}${PROVIDERS}keys:\n${key('a', '    provider: bj\n    retire: { pendingWindow: 1096d }\n')}`, []],
  ['pendingWindow in whole days', `${HEADER}defaults:\n  retire: { pendingWindow: 200h }\nkeys:\n${key('a')}`, ['manifest.duration defaults.retire.pendingWindow']],
  // wrapping
  ['AWS symmetric + RSA_AES_KEY_WRAP_SHA_256 + RSA_3072 is refused', `${HEADER}${PROVIDERS}keys:\n${key('a', '    provider: tokyo\n    wrapping: { algorithm: RSA_AES_KEY_WRAP_SHA_256, keySpec: RSA_3072 }\n')}`, ['wrapping.incompatible keys.a.wrapping']],
  ['incompatible defaults are reported once at defaults.wrapping', `${HEADER}defaults:\n  wrapping: { algorithm: RSA_AES_KEY_WRAP_SHA_1 }\nkeys:\n${key('a')}${key('b')}`, ['wrapping.incompatible defaults.wrapping']],
  ['huawei wraps with RSA_2048 only', `${HEADER}${PROVIDERS}keys:\n${key('a', '    provider: bj\n    wrapping: { keySpec: RSA_4096 }\n')}`, ['wrapping.incompatible keys.a.wrapping']],
  ['RSA keys on aws wrap with RSA_AES_KEY_WRAP', `${HEADER}${PROVIDERS}keys:\n${key('a', '    provider: tokyo\n    keySpec: RSA_2048\n    wrapping: { algorithm: RSA_AES_KEY_WRAP_SHA_256, keySpec: RSA_4096 }\n')}`, []],
  ['built-in wrapping is always compatible', `${HEADER}${PROVIDERS}keys:\n${['tokyo', 'bj', 'hz'].map((p) => key(`k-${p}`, `    provider: ${p}\n`)).join('')}`, []],
  // rotation
  ['in-place rotation on aws symmetric is accepted', `${HEADER}${PROVIDERS}keys:\n${key('a', '    provider: tokyo\n    rotation: in-place\n')}`, []],
  ['materials without rotation: in-place is refused', `${HEADER}keys:\n  a:\n    materials:\n      - { file: a.bin }\n`, ['manifest.schema keys.a.materials']],
  ['removableMaterials without rotation: in-place is refused', `${HEADER}keys:\n${key('a', '    removableMaterials: [abcdef]\n')}`, ['manifest.schema keys.a.removableMaterials']],
  ['in-place rotation elsewhere is refused', `${HEADER}${PROVIDERS}keys:\n${key('a', '    provider: hz\n    rotation: in-place\n')}${key('b', '    keySpec: HMAC_512\n    rotation: in-place\n')}`, ['manifest.schema keys.a.rotation', 'manifest.schema keys.b.rotation']],
  // tag limits
  ['a 44-character name on huawei', `version: 1\nname: ${'n'.repeat(44)}\n${PROVIDERS}keys:\n${key('a', '    provider: bj\n')}${key('b', '    provider: bj\n')}`, ['manifest.tags name']],
  ['a 44-character name is fine on aws', `version: 1\nname: ${'n'.repeat(44)}\n${PROVIDERS}keys:\n${key('a', '    provider: tokyo\n')}`, []],
  ['a 44-character key name on huawei', `${HEADER}${PROVIDERS}keys:\n${key('k'.repeat(44), '    provider: bj\n')}${key('k'.repeat(43), '    provider: bj\n')}`, [`manifest.tags keys.${'k'.repeat(44)}`]],
  ['a long description on huawei', `${HEADER}${PROVIDERS}keys:\n${key('a', `    provider: bj\n    description: ${'d'.repeat(256)}\n`)}`, ['manifest.schema keys.a.description']],
];

describe('rules', () => {
  it.each(cases)('%s', async (_title, manifest, expected) => {
    const r = await loadInline(manifest);
    expect(codesAndPaths(r.diagnostics)).toEqual(expected);
    expect(r.desired === null).toBe(expected.length > 0);
  });

  it('every finding carries a position inside the manifest', async () => {
    const r = await loadInline(`${HEADER}${PROVIDERS}keys:\n${key('a', '    provider: tokyo\n    aliases: [x]\n    expiration: { validFor: 500d }\n')}`);
    for (const d of errors(r.diagnostics)) {
      expect(d.pos).toMatchObject({ file: 'keys.yaml' });
      expect(d.pos!.line).toBeGreaterThan(7);
    }
  });

  it('the wrapping message comes from the compatibility matrix and names the key', async () => {
    const r = await loadInline(`${HEADER}${PROVIDERS}keys:\n${key('rotation-test-key', '    provider: tokyo\n    wrapping: { algorithm: RSA_AES_KEY_WRAP_SHA_256, keySpec: RSA_3072 }\n')}`);
    const [d] = errors(r.diagnostics);
    expect(d!.summary).toContain('RSA_AES_KEY_WRAP_SHA_256');
    expect(d!.detail).toContain('rotation-test-key');
    expect(d!.pos).toMatchObject({ line: 12, column: 5 });
  });

  it('a key with a schema problem is left out, the others are still checked', async () => {
    const r = await loadInline(`${HEADER}keys:\n${key('a', '    retire: { action: nope }\n    aliases: [x]\n')}${key('b', '    aliases: [y]\n')}`);
    expect(codesAndPaths(r.diagnostics)).toEqual(['manifest.schema keys.a.retire.action', 'manifest.alias-name keys.b.aliases[0]']);
  });

  it('a provider with a schema problem still lends its type to the rules of its keys', async () => {
    const r = await loadInline(`${HEADER}providers:\n  tokyo: { type: aws, region: ap-northeast-1, profle: x }\nkeys:\n${key('a', '    provider: tokyo\n    expiration: { validFor: 400d }\n')}`);
    expect(codesAndPaths(r.diagnostics)).toEqual(['manifest.schema providers.tokyo.profle', 'manifest.expiration keys.a.expiration.validFor']);
  });
});

describe('aliasProblem', () => {
  it.each([
    ['aws', 'alias/a', null],
    ['aws', 'a', 'must start with `alias/`'],
    ['aws', 'alias/aws/a', 'must not start with `alias/aws/` (reserved for the provider\'s own keys)'],
    ['alibaba', 'alias/acs', 'must not start with `alias/acs` (reserved for the provider\'s own keys)'],
    ['alibaba', `alias/${'a'.repeat(249)}`, null],
    ['alibaba', `alias/${'a'.repeat(250)}`, 'is 256 characters long; the limit is 255'],
    ['huawei', 'kms-1234', null],
    ['huawei', 'x/default', 'must not end in `/default`'],
  ] as const)('%s %s', (provider, alias, expected) => {
    expect(aliasProblem(alias, PROVIDER_LIMITS[provider].alias)).toBe(expected);
  });
});
