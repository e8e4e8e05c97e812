/**
 * A distinct RSA wrapping key pair for every GetParametersForImport, without an RSA key generation
 * per call (RSA_4096 generation costs seconds of CPU). One modulus n = p*q per spec is generated
 * once per process (or read from a cache file); each call gets a fresh public exponent e, never
 * used before with that modulus, and its own private exponent d = e^-1 mod lcm(p-1, q-1).
 *
 * RSA_3072 and RSA_4096 moduli have 3 and 5 primes (multi-prime RSA, RFC 8017, at most 5 in
 * OpenSSL; the public key is an ordinary RSA key of that size): CRT decryption then works on ~820 to
 * 1,024-bit primes, which makes an RSA_4096 unwrap about 5x cheaper than with two 2,048-bit primes
 * and keeps an RSA_4096 apply within about 2x of an RSA_2048 one. Generating the primes is also far
 * cheaper than a key pair.
 *
 * Distinct (e, d) pairs are distinct keys: material wrapped under one call's public key does not
 * unwrap with another call's private key (OAEP decoding fails), so a blob wrapped for one
 * parameters call never imports with another call's token, as on AWS. Sharing a modulus between
 * keys is unsafe for real secrets (common-modulus attacks); this is a simulator of the protocol,
 * and its keys protect nothing but test material.
 */
import { createPrivateKey, createPublicKey, generatePrime, randomInt } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { WrappingKeySpec } from '../core/specs.js';
import { modInverse, otherCoefficients, rsaPrivateKeyDer } from './rsa-der.js';
import type { WrappingKeySource, WrappingPair } from './wrapping-keys.js';

/** The primes of one modulus, as base64url JWK fields; `others` for a multi-prime modulus. */
export interface BaseKey {
  n: string;
  p: string;
  q: string;
  others?: string[];
}

export type BaseGenerator = (spec: WrappingKeySpec) => Promise<BaseKey>;

/** Primes per modulus, of bits/count bits each (the first ones one bit longer when it does not divide). */
const PRIMES: Partial<Record<WrappingKeySpec, { bits: number; count: number }>> = {
  RSA_2048: { bits: 2048, count: 2 },
  RSA_3072: { bits: 3072, count: 3 },
  RSA_4096: { bits: 4096, count: 5 },
};

const prime = (bits: number): Promise<bigint> =>
  new Promise((resolve, reject) => generatePrime(bits, { bigint: true }, (e, p) => (e ? reject(e) : resolve(p))));

async function generatePrimes(spec: WrappingKeySpec): Promise<BaseKey> {
  const { bits, count } = PRIMES[spec]!;
  for (;;) {
    const primes = await Promise.all(Array.from({ length: count }, (_, i) => prime(Math.floor(bits / count) + (i < bits % count ? 1 : 0))));
    const n = primes.reduce((a, b) => a * b);
    // The product of `count` primes of bits/count bits can fall a few bits short: draw again.
    if (n.toString(2).length !== bits || new Set(primes).size !== count) continue;
    const [p, q, ...others] = primes.map(toB64) as [string, string, ...string[]];
    return { n: toB64(n), p, q, ...(others.length > 0 ? { others } : {}) };
  }
}

/** One modulus per spec per process, shared by every simulator in it (tests open hundreds). */
const processBases = new Map<WrappingKeySpec, Promise<BaseKey>>();

function generateBase(spec: WrappingKeySpec): Promise<BaseKey> {
  let b = processBases.get(spec);
  if (!b) {
    b = generatePrimes(spec);
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
      if (!PRIMES[spec]) return opts.fallback.get(spec);
      return pairFrom(await baseFor(spec));
    },
  };
}

interface Base {
  n: bigint;
  primes: bigint[];
  lambda: bigint;
  /** CRT coefficients, the same for every exponent. */
  qInv: bigint;
  coefficients: bigint[];
  usedExponents: Set<bigint>;
}

function prepare(jwk: BaseKey): Base {
  const primes = [jwk.p, jwk.q, ...(jwk.others ?? [])].map(fromB64);
  const lambda = primes.reduce((l, r) => (l * (r - 1n)) / gcd(l, r - 1n), 1n);
  return { n: fromB64(jwk.n), primes, lambda, qInv: modInverse(primes[1]!, primes[0]!), coefficients: otherCoefficients(primes), usedExponents: new Set() };
}

function pairFrom(base: Base): WrappingPair {
  let e: bigint;
  // Odd, above 65537 and below 2^32, which every RSA implementation accepts as a public exponent.
  do e = BigInt(randomInt(1 << 16, 2 ** 31)) * 2n + 1n;
  while (base.usedExponents.has(e) || gcd(e, base.lambda) !== 1n);
  base.usedExponents.add(e);
  const d = modInverse(e, base.lambda);
  const der = rsaPrivateKeyDer(base.n, e, d, base.primes, base.qInv, base.coefficients);
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
  der.fill(0);
  const pkcs8 = key.export({ format: 'der', type: 'pkcs8' });
  const publicKeyDer = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const pair = { publicKeyDer, privateKeyPkcs8: pkcs8.toString('base64'), privateKey: key };
  pkcs8.fill(0);
  return pair;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
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
