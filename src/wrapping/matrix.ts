import type { KeySpec, ProviderType, RegionClass, WrappingAlgorithm, WrappingKeySpec } from '../core/specs.js';
import {
  ALGORITHM_NOTES,
  EXCLUSIONS,
  HUAWEI_TWO_FIELD_KEY_SPECS,
  MATRIX,
  PROVIDER_LABEL,
  PROVIDER_WRAPPING_KEY_SPECS,
  type MatrixProvider,
} from './matrix-data.js';
import { isImplemented } from './schemes.js';
import type { Compatibility, CompatibilityQuery, WrapForm } from './types.js';

/** The local simulator behaves like AWS KMS, so it shares AWS's rules. */
export function matrixProvider(provider: ProviderType): MatrixProvider {
  return provider === 'local' ? 'aws' : provider;
}

export interface AllowedPair {
  algorithm: WrappingAlgorithm;
  wrappingKeySpec: WrappingKeySpec;
}

/** Every allowed (algorithm, wrapping key spec) pair for a key spec, in preference order. */
export function allowedPairs(provider: ProviderType, regionClass: RegionClass, keySpec: KeySpec): AllowedPair[] {
  const p = matrixProvider(provider);
  const pairs: AllowedPair[] = [];
  for (const row of MATRIX) {
    if (row.provider !== p || !row.regions.includes(regionClass) || !row.keySpecs.includes(keySpec)) continue;
    for (const algorithm of row.algorithms) {
      for (const wrappingKeySpec of row.wrappingKeySpecs) {
        if (!exclusionFor(p, keySpec, algorithm, wrappingKeySpec)) pairs.push({ algorithm, wrappingKeySpec });
      }
    }
  }
  return pairs;
}

function exclusionFor(p: MatrixProvider, keySpec: KeySpec, algorithm: WrappingAlgorithm, wks: WrappingKeySpec) {
  return EXCLUSIONS.find(
    (e) => e.provider === p && e.keySpecs.includes(keySpec) && e.algorithms.includes(algorithm) && e.wrappingKeySpecs.includes(wks),
  );
}

export function checkCompatibility(q: CompatibilityQuery): Compatibility {
  const p = matrixProvider(q.provider);
  const who = q.provider === 'local' ? 'the local provider (which follows AWS KMS)' : PROVIDER_LABEL[p];
  const pairs = allowedPairs(q.provider, q.regionClass, q.keySpec);

  if (pairs.length === 0) {
    const elsewhere = MATRIX.some((r) => r.provider === p && r.keySpecs.includes(q.keySpec));
    const other = q.regionClass === 'china' ? 'standard' : 'China';
    return refuse(
      elsewhere
        ? `${who} imports ${q.keySpec} key material only in ${other} regions; choose another key spec for this region`
        : `${who} does not import ${q.keySpec} key material; choose another key spec or provider`,
    );
  }
  if (pairs.some((x) => x.algorithm === q.algorithm && x.wrappingKeySpec === q.wrappingKeySpec)) {
    if (isImplemented(q.algorithm, p)) return { ok: true };
    const alternatives = pairs.filter((x) => isImplemented(x.algorithm, p));
    const hint = alternatives.length > 0 ? `; use ${describePairs(alternatives)}` : '; no RSA alternative exists for this key spec here';
    return {
      ok: false,
      code: 'wrapping.unsupported',
      reason: `${who} accepts ${q.algorithm}, but byok-reconciler cannot produce SM2 ciphertexts yet${hint}`,
    };
  }

  const sameAlgorithm = pairs.filter((x) => x.algorithm === q.algorithm);
  const excluded = exclusionFor(p, q.keySpec, q.algorithm, q.wrappingKeySpec);
  if (excluded) return refuseWithChoices(excluded.reason, pairs, p);
  if (sameAlgorithm.length > 0) {
    return refuse(
      `${who} accepts ${q.algorithm} for ${q.keySpec} keys only with wrapping key spec ${orList(sameAlgorithm.map((x) => x.wrappingKeySpec))}, not ${q.wrappingKeySpec}`,
    );
  }
  const note = ALGORITHM_NOTES.find((n) => n.provider === p && n.regions.includes(q.regionClass) && n.algorithms.includes(q.algorithm));
  return refuseWithChoices(`${who} does not accept ${q.algorithm} for ${q.keySpec} keys${note ? ` (${note.note})` : ''}`, pairs, p);
}

function refuse(reason: string): Compatibility {
  return { ok: false, code: 'wrapping.incompatible', reason };
}

/** Refusal listing the allowed pairs, with a warning when none of them is one this tool can produce. */
function refuseWithChoices(reason: string, pairs: readonly AllowedPair[], p: MatrixProvider): Compatibility {
  const usable = pairs.some((x) => isImplemented(x.algorithm, p));
  return refuse(`${reason}; use ${describePairs(pairs)}${usable ? '' : ' (which byok-reconciler cannot produce yet: SM2 encryption is not implemented)'}`);
}

/** "RSAES_OAEP_SHA_256 or RSAES_OAEP_SHA_1 with wrapping key spec RSA_4096, RSA_3072 or RSA_2048", grouped by key spec set. */
export function describePairs(pairs: readonly AllowedPair[]): string {
  const groups = new Map<string, { algorithms: WrappingAlgorithm[]; specs: WrappingKeySpec[] }>();
  const specsOf = new Map<WrappingAlgorithm, WrappingKeySpec[]>();
  for (const x of pairs) specsOf.set(x.algorithm, [...(specsOf.get(x.algorithm) ?? []), x.wrappingKeySpec]);
  for (const [algorithm, specs] of specsOf) {
    const key = specs.join(',');
    const g = groups.get(key) ?? { algorithms: [], specs };
    g.algorithms.push(algorithm);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => `${orList(g.algorithms)} with wrapping key spec ${orList(g.specs)}`)
    .join(', or ');
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * The built-in default: RSAES_OAEP_SHA_256 with the largest wrapping key spec it is allowed with;
 * where OAEP is not allowed for the key spec, the provider's preferred implemented algorithm
 * (row order). When nothing fits, OAEP-SHA256 with the provider's largest RSA key, which
 * checkCompatibility then refuses with a reason that names the choices.
 */
export function defaultWrapping(provider: ProviderType, regionClass: RegionClass, keySpec: KeySpec): { algorithm: WrappingAlgorithm; keySpec: WrappingKeySpec } {
  const pairs = allowedPairs(provider, regionClass, keySpec);
  const implemented = pairs.filter((x) => isImplemented(x.algorithm, matrixProvider(provider)));
  const pick = implemented.find((x) => x.algorithm === 'RSAES_OAEP_SHA_256') ?? implemented[0] ?? pairs[0];
  if (pick) return { algorithm: pick.algorithm, keySpec: pick.wrappingKeySpec };
  const largest = PROVIDER_WRAPPING_KEY_SPECS[matrixProvider(provider)][0] ?? 'RSA_2048';
  return { algorithm: 'RSAES_OAEP_SHA_256', keySpec: largest };
}

/** Huawei imports asymmetric private keys in its two-field form; everything else is one blob. */
export function wrapFormFor(provider: ProviderType, keySpec: KeySpec): WrapForm {
  return provider === 'huawei' && HUAWEI_TWO_FIELD_KEY_SPECS.includes(keySpec) ? 'huawei-asymmetric' : 'single';
}
