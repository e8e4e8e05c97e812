import { describe, expect, it } from 'vitest';
import { KEY_SPECS, WRAPPING_ALGORITHMS, WRAPPING_KEY_SPECS, type KeySpec, type ProviderType, type RegionClass, type WrappingAlgorithm, type WrappingKeySpec } from '../../src/core/specs.js';
import { checkCompatibility, defaultWrapping, wrapFormFor } from '../../src/wrapping/index.js';

type Row = [ProviderType, RegionClass, KeySpec, WrappingAlgorithm, WrappingKeySpec];

function check(provider: ProviderType, regionClass: RegionClass, keySpec: KeySpec, algorithm: WrappingAlgorithm, wrappingKeySpec: WrappingKeySpec) {
  return checkCompatibility({ provider, regionClass, keySpec, algorithm, wrappingKeySpec });
}

describe('compatibility matrix', () => {
  it('refuses the classic mistake AWS SYMMETRIC_DEFAULT + RSA_AES_KEY_WRAP_SHA_256 + RSA_3072 and names the OAEP choices', () => {
    const r = check('aws', 'standard', 'SYMMETRIC_DEFAULT', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_3072');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('wrapping.incompatible');
    expect(r.reason).toContain('RSAES_OAEP_SHA_256');
    expect(r.reason).toContain('RSAES_OAEP_SHA_1');
    expect(r.reason).toContain('RSA_AES_KEY_WRAP_SHA_256');
    expect(r.reason).toMatchInlineSnapshot(
      `"AWS KMS does not accept RSA_AES_KEY_WRAP_SHA_256 for SYMMETRIC_DEFAULT keys; use RSAES_OAEP_SHA_256 or RSAES_OAEP_SHA_1 with wrapping key spec RSA_4096, RSA_3072 or RSA_2048"`,
    );
  });

  const allowed: Row[] = [
    ['aws', 'standard', 'SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_256', 'RSA_2048'],
    ['aws', 'standard', 'SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSA_4096'],
    ['aws', 'china', 'SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_256', 'RSA_3072'],
    ['aws', 'standard', 'HMAC_384', 'RSAES_OAEP_SHA_256', 'RSA_3072'],
    ['aws', 'standard', 'RSA_4096', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_4096'],
    ['aws', 'standard', 'RSA_2048', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_2048'],
    ['aws', 'standard', 'ECC_NIST_P256', 'RSAES_OAEP_SHA_1', 'RSA_2048'],
    ['aws', 'standard', 'ECC_NIST_P521', 'RSAES_OAEP_SHA_256', 'RSA_3072'],
    ['aws', 'standard', 'ECC_NIST_P521', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048'],
    ['aws', 'china', 'SM4', 'RSAES_OAEP_SHA_256', 'RSA_2048'],
    ['aws', 'china', 'ECC_NIST_P384', 'RSAES_OAEP_SHA_256', 'RSA_4096'],
    ['local', 'standard', 'SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_256', 'RSA_4096'],
    ['local', 'standard', 'RSA_3072', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_3072'],
    ['alibaba', 'standard', 'SYMMETRIC_DEFAULT', 'RSAES_PKCS1_V1_5', 'RSA_2048'],
    ['alibaba', 'standard', 'SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_256', 'RSA_2048'],
    ['alibaba', 'china', 'SM4', 'RSAES_OAEP_SHA_1', 'RSA_2048'],
    ['alibaba', 'standard', 'RSA_3072', 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', 'RSA_2048'],
    ['alibaba', 'standard', 'ECC_NIST_P256', 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', 'RSA_2048'],
    ['huawei', 'standard', 'SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_256', 'RSA_2048'],
    ['huawei', 'standard', 'RSA_4096', 'RSAES_OAEP_SHA_256', 'RSA_2048'],
    ['huawei', 'standard', 'ECC_NIST_P384', 'RSAES_OAEP_SHA_256', 'RSA_2048'],
  ];
  it.each(allowed)('allows %s %s %s %s %s', (...row) => {
    expect(check(...row)).toEqual({ ok: true });
  });

  const refused: Array<[...Row, string[]]> = [
    ['aws', 'standard', 'SYMMETRIC_DEFAULT', 'RSAES_PKCS1_V1_5', 'RSA_2048', ['2023-10-10', 'RSAES_OAEP_SHA_256']],
    ['aws', 'standard', 'HMAC_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_2048', ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1']],
    ['aws', 'china', 'ECC_NIST_P256', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_4096', ['China', 'RSAES_OAEP_SHA_256']],
    ['aws', 'china', 'RSA_2048', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_4096', ['China', 'SM2PKE', 'cannot produce yet']],
    ['aws', 'standard', 'ECC_NIST_P521', 'RSAES_OAEP_SHA_256', 'RSA_2048', ['P-521', 'RSA_3072', 'RSA_AES_KEY_WRAP_SHA_256']],
    ['aws', 'standard', 'ECC_NIST_P521', 'RSAES_OAEP_SHA_1', 'RSA_2048', ['P-521']],
    ['aws', 'standard', 'RSA_2048', 'RSAES_OAEP_SHA_256', 'RSA_4096', ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1']],
    ['aws', 'standard', 'SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_256', 'SM2', ['RSA_4096, RSA_3072 or RSA_2048']],
    ['aws', 'standard', 'SM4', 'RSAES_OAEP_SHA_256', 'RSA_2048', ['only in China regions']],
    ['aws', 'standard', 'SM2', 'RSAES_OAEP_SHA_256', 'RSA_2048', ['only in China regions']],
    ['local', 'standard', 'SYMMETRIC_DEFAULT', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_3072', ['local provider', 'RSAES_OAEP_SHA_256']],
    ['alibaba', 'standard', 'SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_256', 'RSA_4096', ['only with wrapping key spec RSA_2048']],
    ['alibaba', 'standard', 'SYMMETRIC_DEFAULT', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048', ['AWS algorithm', 'RSAES_OAEP_SHA_256']],
    ['alibaba', 'standard', 'RSA_2048', 'RSAES_OAEP_SHA_256', 'RSA_2048', ['RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD']],
    ['alibaba', 'standard', 'ECC_NIST_P521', 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', 'RSA_2048', ['does not import ECC_NIST_P521']],
    ['alibaba', 'standard', 'HMAC_256', 'RSAES_OAEP_SHA_256', 'RSA_2048', ['does not import HMAC_256']],
    ['huawei', 'standard', 'SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSA_2048', ['only RSAES_OAEP_SHA_256']],
    ['huawei', 'standard', 'SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_256', 'RSA_4096', ['RSA_2048']],
    ['huawei', 'standard', 'HMAC_224', 'RSAES_OAEP_SHA_256', 'RSA_2048', ['does not import HMAC_224']],
  ];
  it.each(refused)('refuses %s %s %s %s %s', (p, r, k, a, w, mentions) => {
    const res = check(p, r, k, a, w);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.code).toBe('wrapping.incompatible');
    for (const m of mentions) expect(res.reason).toContain(m);
  });

  it('marks SM2-family algorithms the provider accepts as unsupported by this tool, naming RSA alternatives', () => {
    const r = check('aws', 'china', 'SM2', 'SM2PKE', 'SM2');
    expect(r).toMatchObject({ ok: false, code: 'wrapping.unsupported' });
    if (!r.ok) expect(r.reason).toContain('RSAES_OAEP_SHA_256');
    expect(check('huawei', 'china', 'SM4', 'SM2_ENCRYPT', 'SM2')).toMatchObject({ ok: false, code: 'wrapping.unsupported' });
    expect(check('alibaba', 'china', 'SM2', 'SM2PKE_SM4_ECB', 'SM2')).toMatchObject({ ok: false, code: 'wrapping.unsupported' });
  });

  it('answers every combination with ok or a non-empty reason that names at least one algorithm', () => {
    for (const provider of ['aws', 'local', 'alibaba', 'huawei'] as const)
      for (const regionClass of ['standard', 'china'] as const)
        for (const keySpec of KEY_SPECS)
          for (const algorithm of WRAPPING_ALGORITHMS)
            for (const wks of WRAPPING_KEY_SPECS) {
              const r = check(provider, regionClass, keySpec, algorithm, wks);
              if (!r.ok) expect(r.reason.length).toBeGreaterThan(20);
            }
  });
});

describe('defaultWrapping', () => {
  it.each([
    ['aws', 'standard', 'SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_256', 'RSA_4096'],
    ['local', 'standard', 'HMAC_512', 'RSAES_OAEP_SHA_256', 'RSA_4096'],
    ['aws', 'standard', 'ECC_NIST_P521', 'RSAES_OAEP_SHA_256', 'RSA_4096'],
    ['aws', 'standard', 'RSA_3072', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_4096'],
    ['aws', 'china', 'SM4', 'RSAES_OAEP_SHA_256', 'RSA_4096'],
    ['alibaba', 'standard', 'SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_256', 'RSA_2048'],
    ['alibaba', 'standard', 'RSA_2048', 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', 'RSA_2048'],
    ['huawei', 'standard', 'SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_256', 'RSA_2048'],
    ['huawei', 'standard', 'ECC_NIST_P256', 'RSAES_OAEP_SHA_256', 'RSA_2048'],
  ] as const)('%s %s %s -> %s %s', (p, r, k, algorithm, keySpec) => {
    expect(defaultWrapping(p, r, k)).toEqual({ algorithm, keySpec });
  });

  it('is always compatible where the provider imports the key spec with an implemented algorithm', () => {
    for (const provider of ['aws', 'local', 'alibaba', 'huawei'] as const)
      for (const regionClass of ['standard', 'china'] as const)
        for (const keySpec of KEY_SPECS) {
          const d = defaultWrapping(provider, regionClass, keySpec);
          const r = checkCompatibility({ provider, regionClass, keySpec, algorithm: d.algorithm, wrappingKeySpec: d.keySpec });
          if (!r.ok) expect(r.reason).toMatch(/does not import|only in|cannot produce SM2/);
        }
  });
});

describe('wrapFormFor', () => {
  it('uses the two-field form only for Huawei asymmetric keys', () => {
    expect(wrapFormFor('huawei', 'RSA_2048')).toBe('huawei-asymmetric');
    expect(wrapFormFor('huawei', 'ECC_NIST_P256')).toBe('huawei-asymmetric');
    expect(wrapFormFor('huawei', 'SYMMETRIC_DEFAULT')).toBe('single');
    expect(wrapFormFor('aws', 'RSA_2048')).toBe('single');
  });
});
