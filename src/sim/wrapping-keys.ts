/**
 * Where GetParametersForImport gets its RSA wrapping key pairs. Faithful default: a fresh pair per
 * call. For benchmarks, a pool of N pairs per spec (RSA_4096 generation costs about a second).
 */
import type { KeyObject } from 'node:crypto';
import { generateWrappingKeyPair } from '../wrapping/index.js';
import type { WrappingKeySpec } from '../core/specs.js';

export interface WrappingPair {
  publicKeyDer: Buffer;
  /** base64 PKCS#8 DER, computed once per pair. */
  privateKeyPkcs8: string;
  /** The same key already parsed, so an import in this process does not parse it again; never persisted. */
  privateKey?: KeyObject;
}

export interface WrappingKeySource {
  get(spec: WrappingKeySpec): Promise<WrappingPair>;
}

async function freshPair(spec: WrappingKeySpec): Promise<WrappingPair> {
  const { publicKeyDer, privateKey } = await generateWrappingKeyPair(spec);
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  return { publicKeyDer, privateKeyPkcs8: pkcs8.toString('base64'), privateKey };
}

export function wrappingKeySource(poolSize: number): WrappingKeySource {
  if (poolSize <= 0) return { get: freshPair };
  const pools = new Map<WrappingKeySpec, Promise<WrappingPair>[]>();
  const cursor = new Map<WrappingKeySpec, number>();
  return {
    get(spec) {
      const pool = pools.get(spec) ?? [];
      pools.set(spec, pool);
      // Pending generations are pooled too, so concurrent callers never overfill the pool.
      if (pool.length < poolSize) {
        const p = freshPair(spec);
        pool.push(p);
        p.catch(() => pool.splice(pool.indexOf(p), 1));
        return p;
      }
      const i = (cursor.get(spec) ?? 0) % pool.length;
      cursor.set(spec, i + 1);
      return pool[i]!;
    },
  };
}
