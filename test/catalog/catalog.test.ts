import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, keyUsageFor } from '../../src/catalog/index.js';
import { PROVIDER_TYPES } from '../../src/core/specs.js';
import { REGISTRY, capabilitiesOf } from '../../src/providers/registry.js';
import { MATRIX } from '../../src/wrapping/matrix-data.js';
import { matrixProvider } from '../../src/wrapping/matrix.js';

const SRC = join(import.meta.dirname, '..', '..', 'src');

describe('catalog', () => {
  it('has one entry per provider type, each naming its own type', () => {
    expect(Object.keys(CATALOG).sort()).toEqual([...PROVIDER_TYPES].sort());
    for (const t of PROVIDER_TYPES) expect(CATALOG[t].type).toBe(t);
  });

  it.each(PROVIDER_TYPES)('%s: the wrapping matrix offers exactly the catalog\'s algorithms, wrapping key specs and key specs', (t) => {
    const rows = MATRIX.filter((r) => r.provider === matrixProvider(t));
    const facts = CATALOG[t];
    expect(new Set(rows.flatMap((r) => r.algorithms))).toEqual(new Set(facts.wrappingAlgorithms));
    expect(new Set(rows.flatMap((r) => r.wrappingKeySpecs))).toEqual(new Set(facts.wrappingKeySpecs));
    expect(new Set(rows.flatMap((r) => r.keySpecs))).toEqual(new Set(facts.keySpecs));
  });

  it('every published quota table names its source and has positive rates', () => {
    for (const facts of Object.values(CATALOG)) {
      for (const q of facts.quotas) {
        expect(q.source.length).toBeGreaterThan(10);
        for (const rate of Object.values(q.perSecond)) expect(rate).toBeGreaterThan(0);
      }
    }
    expect(CATALOG.aws.quotas.find((q) => q.service === 'kms')?.perSecond.GetParametersForImport).toBe(1);
  });

  it('our ownership tags fit every cloud (count, key length, no reserved prefix)', () => {
    const tagKeys = ['byok:manifest', 'byok:key', 'byok:generation', 'byok:kcv', 'byok:superseded-at'];
    for (const facts of Object.values(CATALOG)) {
      expect(tagKeys.length).toBeLessThanOrEqual(facts.tags.maxPerKey);
      for (const k of tagKeys) {
        expect(k.length).toBeLessThanOrEqual(facts.tags.keyMax);
        expect(facts.tags.reservedPrefixes.some((p) => k.startsWith(p))).toBe(false);
      }
    }
  });

  it('keyUsageFor: HMAC -> MAC, ECC -> signing, the rest encrypt', () => {
    expect(keyUsageFor('HMAC_384')).toBe('GENERATE_VERIFY_MAC');
    expect(keyUsageFor('ECC_SECG_P256K1')).toBe('SIGN_VERIFY');
    expect(keyUsageFor('SM2')).toBe('ENCRYPT_DECRYPT');
    expect(keyUsageFor('SYMMETRIC_DEFAULT')).toBe('ENCRYPT_DECRYPT');
  });

  it('catalog files import nothing but core and each other', () => {
    for (const f of readdirSync(join(SRC, 'catalog'))) {
      const imports = [...readFileSync(join(SRC, 'catalog', f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
      for (const i of imports) expect(i.startsWith('./') || i.startsWith('../core/'), `${f} imports ${i}`).toBe(true);
    }
  });
});

describe('registry', () => {
  it('registers every provider type with the catalog facts of that type', () => {
    for (const t of PROVIDER_TYPES) {
      expect(REGISTRY[t].type).toBe(t);
      expect(REGISTRY[t].facts).toBe(CATALOG[t]);
    }
  });

  it('capabilities carry the catalog limits and the API shape of each cloud', () => {
    const ctx = { manifestDir: '/m', manifestName: 'n' };
    const hw = REGISTRY.huawei.normalize('hw', { type: 'huawei', region: 'cn-north-4', projectId: 'p1' }, ctx);
    expect(capabilitiesOf(hw)).toMatchObject({ tagsAtCreate: false, aliasAtCreate: 'required', deletionWindowDays: { min: 7, max: 1096 } });
    const ali = REGISTRY.alibaba.normalize('ali', { type: 'alibaba', region: 'cn-hangzhou', endpoint: { kms: 'http://k', s3: 'http://o' } }, ctx);
    expect(ali).toMatchObject({ regionClass: 'china', endpoint: { kms: 'http://k', oss: 'http://o' } });
    expect(capabilitiesOf(ali)).toMatchObject({ tagsAtCreate: true, aliasAtCreate: 'no', maxValidForDays: null });
    const local = REGISTRY.local.normalize('l', { type: 'local', state: 's.json', tagsAtCreate: false }, ctx);
    expect(local).toEqual({ name: 'l', type: 'local', state: '/m/s.json', regionClass: 'standard', tagsAtCreate: false });
    expect(capabilitiesOf(local).tagsAtCreate).toBe(false);
  });

});
