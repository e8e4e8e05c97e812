/**
 * PKCS#1 RSAPrivateKey DER (RFC 8017 A.1.2) from its numbers, including multi-prime keys
 * (otherPrimeInfos), which node:crypto's JWK import does not take. Only what the simulator's
 * wrapping keys need: positive INTEGERs and SEQUENCEs.
 */
const length = (n: number): Buffer => {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
};

const tlv = (tag: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), length(body.length), body]);

const integer = (v: bigint): Buffer => {
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  // DER INTEGERs are two's complement: a leading 1 bit needs a 0x00 in front to stay positive.
  return tlv(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
};

const sequence = (parts: readonly Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts));

export function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const t = r0 / r1;
    [r0, r1] = [r1, r0 - t * r1];
    [s0, s1] = [s1, s0 - t * s1];
  }
  return ((s0 % m) + m) % m;
}

/** The CRT coefficients of primes[2..]: (r_1 * ... * r_{i-1})^-1 mod r_i; constant per modulus. */
export function otherCoefficients(primes: readonly bigint[]): bigint[] {
  const out: bigint[] = [];
  let product = primes[0]! * primes[1]!;
  for (const r of primes.slice(2)) {
    out.push(modInverse(product % r, r));
    product *= r;
  }
  return out;
}

/** `primes` are p, q, then any others; `coefficients` from otherCoefficients(primes). */
export function rsaPrivateKeyDer(n: bigint, e: bigint, d: bigint, primes: readonly bigint[], qInv: bigint, coefficients: readonly bigint[]): Buffer {
  const [p, q, ...rest] = primes as [bigint, bigint, ...bigint[]];
  const others = rest.map((r, i) => sequence([integer(r), integer(d % (r - 1n)), integer(coefficients[i]!)]));
  return sequence([
    integer(rest.length > 0 ? 1n : 0n),
    integer(n),
    integer(e),
    integer(d),
    integer(p),
    integer(q),
    integer(d % (p - 1n)),
    integer(d % (q - 1n)),
    integer(qInv),
    ...(others.length > 0 ? [sequence(others)] : []),
  ]);
}
