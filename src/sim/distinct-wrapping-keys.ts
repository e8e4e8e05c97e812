/**
 * A distinct RSA wrapping key pair for every GetParametersForImport, without an RSA key generation
 * per call (RSA_4096 generation costs seconds of CPU). One modulus n = p*q per spec is generated
 * once per process (or read from a cache file); each call gets a fresh public exponent e, never
 * used before with that modulus, and its own private exponent d = e^-1 mod lcm(p-1, q-1).
 *
 * Distinct (e, d) pairs are distinct keys: material wrapped under one call's public key does not
 * unwrap with another call's private key (OAEP decoding fails), so a blob wrapped for one
 * parameters call never imports with another call's token, as on AWS. Sharing a modulus between
 * keys is unsafe for real secrets (common-modulus attacks); this is a simulator of the protocol,
 * and its keys protect nothing but test material.
 */
import { createPrivateKey, createPublicKey, randomInt } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { WrappingKeySpec } from '../core/specs.js';
import { generateWrappingKeyPair } from '../wrapping/index.js';
import type { WrappingKeySource, WrappingPair } from './wrapping-keys.js';

/** The primes of one modulus, as base64url JWK fields. */
export interface BaseKey {
  n: string;
  p: string;
  q: string;
}

export type BaseGenerator = (spec: WrappingKeySpec) => Promise<BaseKey>;

const RSA_SPECS = new Set<WrappingKeySpec>(['RSA_2048', 'RSA_3072', 'RSA_4096']);

/** One modulus per spec per process, shared by every simulator in it (tests open hundreds). */
const processBases = new Map<WrappingKeySpec, Promise<BaseKey>>();

function generateBase(spec: WrappingKeySpec): Promise<BaseKey> {
  let b = processBases.get(spec);
  if (!b) {
    b = generateWrappingKeyPair(spec).then(({ privateKey }) => {
      const jwk = privateKey.export({ format: 'jwk' });
      return { n: jwk.n!, p: jwk.p!, q: jwk.q! };
    });
    processBases.set(spec, b);
    b.catch(() => processBases.delete(spec));
  }
  return b;
}

/**
 * `cacheFile` (optional) keeps the moduli between processes, so a CLI run does not pay a key
 * generation; `fallback` serves the specs this scheme does not cover (SM2).
 */
export function distinctWrappingKeys(opts: { fallback: WrappingKeySource; cacheFile?: string; generate?: BaseGenerator }): WrappingKeySource {
  const generate = opts.generate ?? generateBase;
  const bases = new Map<WrappingKeySpec, Promise<Base>>();
  const cached = opts.cacheFile ? readCache(opts.cacheFile) : {};
  const baseFor = (spec: WrappingKeySpec): Promise<Base> => {
    let b = bases.get(spec);
    if (!b) {
      const known = cached[spec];
      b = (known ? Promise.resolve(known) : generate(spec).then((k) => ((cached[spec] = k), cacheWrite(opts.cacheFile, cached), k))).then(prepare);
      bases.set(spec, b);
      b.catch(() => bases.delete(spec));
    }
    return b;
  };
  return {
    async get(spec) {
      if (!RSA_SPECS.has(spec)) return opts.fallback.get(spec);
      return pairFrom(await baseFor(spec));
    },
  };
}

interface Base {
  jwk: BaseKey;
  p: bigint;
  q: bigint;
  lambda: bigint;
  usedExponents: Set<bigint>;
}

function prepare(jwk: BaseKey): Base {
  const p = fromB64(jwk.p);
  const q = fromB64(jwk.q);
  const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
  return { jwk, p, q, lambda, usedExponents: new Set() };
}

function pairFrom(base: Base): WrappingPair {
  let e: bigint;
  // Odd, above 65537 and below 2^32, which every RSA implementation accepts as a public exponent.
  do e = BigInt(randomInt(1 << 16, 2 ** 31)) * 2n + 1n;
  while (base.usedExponents.has(e) || gcd(e, base.lambda) !== 1n);
  base.usedExponents.add(e);
  const d = modInverse(e, base.lambda);
  const key = createPrivateKey({
    format: 'jwk',
    key: {
      kty: 'RSA',
      n: base.jwk.n,
      e: toB64(e),
      d: toB64(d),
      p: base.jwk.p,
      q: base.jwk.q,
      dp: toB64(d % (base.p - 1n)),
      dq: toB64(d % (base.q - 1n)),
      qi: toB64(modInverse(base.q, base.p)),
    },
  });
  const pkcs8 = key.export({ format: 'der', type: 'pkcs8' });
  const publicKeyDer = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const pair = { publicKeyDer, privateKeyPkcs8: pkcs8.toString('base64') };
  pkcs8.fill(0);
  return pair;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const t = r0 / r1;
    [r0, r1] = [r1, r0 - t * r1];
    [s0, s1] = [s1, s0 - t * s1];
  }
  return ((s0 % m) + m) % m;
}

function fromB64(s: string): bigint {
  return BigInt(`0x${Buffer.from(s, 'base64url').toString('hex') || '0'}`);
}

function toB64(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, 'hex').toString('base64url');
}

function readCache(file: string): Partial<Record<WrappingKeySpec, BaseKey>> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<WrappingKeySpec, BaseKey>>;
  } catch {
    return {};
  }
}

/** Best effort: without the cache the next process generates its moduli again. */
function cacheWrite(file: string | undefined, all: Partial<Record<WrappingKeySpec, BaseKey>>): void {
  if (!file) return;
  try {
    writeFileSync(file, `${JSON.stringify(all)}\n`, { mode: 0o600 });
  } catch {
    // a read-only state directory: keep going with the in-memory moduli
  }
}
