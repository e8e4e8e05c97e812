/**
 * SM2 public-key encryption (GB/T 32918.4 / GM/T 0003.4-2012), as Alibaba's SM2PKE wrapping uses it.
 *
 * Node's crypto cannot SM2-encrypt (publicEncrypt refuses the key type), so the arithmetic comes
 * from `sm-crypto` (npm, JuneAndGreen/sm-crypto, MIT), used in C1C3C2 mode. Its output is raw
 * hex `x1 || y1 || C3 || C2`; we encode it as the ASN.1 DER structure of GM/T 0009-2012 §7.2:
 *
 *   SM2Cipher ::= SEQUENCE { XCoordinate INTEGER, YCoordinate INTEGER,
 *                            HASH OCTET STRING (SIZE(32)),  -- C3 = SM3(x2 || M || y2)
 *                            CipherText OCTET STRING }      -- C2 = M xor KDF(x2 || y2)
 *
 * which is what OpenSSL 3 (`openssl pkeyutl -encrypt/-decrypt` with an SM2 key) writes and
 * reads; the round trip against OpenSSL is a test. That Alibaba KMS expects this DER form (rather
 * than raw C1C3C2) is an assumption we could not verify offline.
 *
 * Secrecy: sm-crypto works on JS number arrays; the copy of the plaintext it XORs in place holds
 * ciphertext afterwards, but the SM3 input array (x2 || M || y2) is garbage-collected, not zeroed.
 */
import { createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

type SmCrypto = typeof import('sm-crypto');
let loaded: SmCrypto['sm2'] | undefined;
/** Loaded on first use: only SM2PKE needs it, and CLI start-up should not pay for it. */
function sm2(): SmCrypto['sm2'] {
  return (loaded ??= (createRequire(import.meta.url)('sm-crypto') as SmCrypto).sm2);
}

const C1C3C2 = 1;
/** DER of the SM2 curve OID 1.2.156.10197.1.301, as it appears in SPKI and PKCS#8. */
const SM2_CURVE_OID = Buffer.from('06082a811ccf5501822d', 'hex');


/** The uncompressed public point (65 bytes, 0x04 || X || Y) of an SM2 SubjectPublicKeyInfo. */
export function sm2PublicPoint(spkiDer: Buffer): Buffer {
  if (!spkiDer.includes(SM2_CURVE_OID)) throw new Error('not an SM2 public key');
  const point = spkiDer.subarray(spkiDer.length - 65);
  if (point[0] !== 0x04 || spkiDer[spkiDer.length - 66] !== 0x00) throw new Error('SM2 public key is not an uncompressed point');
  return Buffer.from(point);
}

export function isSm2PublicKey(spkiDer: Buffer): boolean {
  return spkiDer.includes(SM2_CURVE_OID);
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(value.length), value]);
}

function derInteger(unsigned: Buffer): Buffer {
  let i = 0;
  while (i < unsigned.length - 1 && unsigned[i] === 0) i++;
  const v = unsigned.subarray(i);
  return tlv(0x02, v[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
}

/** SM2-encrypts `plaintext` for `spkiDer`; returns the GM/T 0009 DER SM2Cipher. */
export function sm2Encrypt(spkiDer: Buffer, plaintext: Buffer): Buffer {
  const point = sm2PublicPoint(spkiDer);
  const raw = Buffer.from(sm2().doEncrypt(Array.from(plaintext), point.toString('hex'), C1C3C2), 'hex');
  const x = raw.subarray(0, 32);
  const y = raw.subarray(32, 64);
  const c3 = raw.subarray(64, 96);
  const c2 = raw.subarray(96);
  return tlv(0x30, Buffer.concat([derInteger(x), derInteger(y), tlv(0x04, c3), tlv(0x04, c2)]));
}

interface Reader {
  buf: Buffer;
  pos: number;
}

function readTlv(r: Reader, tag: number): Buffer {
  if (r.buf[r.pos] !== tag) throw new Error('unexpected DER tag');
  let len = r.buf[r.pos + 1]!;
  let p = r.pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 3) throw new Error('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | r.buf[p + i]!;
    p += n;
  }
  if (p + len > r.buf.length) throw new Error('DER runs past its end');
  r.pos = p + len;
  return r.buf.subarray(p, p + len);
}

function fixed32(int: Buffer): Buffer {
  const v = int.length > 32 ? int.subarray(int.length - 32) : int;
  return Buffer.concat([Buffer.alloc(32 - v.length), v]);
}

/** The private scalar d (32 bytes) of an SM2 PKCS#8 key. The caller zeroes it. */
function sm2PrivateScalar(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'pkcs8' });
  try {
    if (!der.includes(SM2_CURVE_OID)) throw new Error('not an SM2 private key');
    // ECPrivateKey ::= SEQUENCE { version INTEGER 1, privateKey OCTET STRING (32), ... }
    const at = der.indexOf(Buffer.from('0201010420', 'hex'));
    if (at < 0) throw new Error('no SM2 private scalar');
    return Buffer.from(der.subarray(at + 5, at + 37));
  } finally {
    der.fill(0);
  }
}

/** Inverse of sm2Encrypt (the sandbox plays the provider). Throws on any malformed input. */
export function sm2Decrypt(privateKey: KeyObject, cipherDer: Buffer): Buffer {
  const outer: Reader = { buf: cipherDer, pos: 0 };
  const body: Reader = { buf: readTlv(outer, 0x30), pos: 0 };
  const x = fixed32(readTlv(body, 0x02));
  const y = fixed32(readTlv(body, 0x02));
  const c3 = readTlv(body, 0x04);
  const c2 = readTlv(body, 0x04);
  if (c3.length !== 32 || c2.length === 0) throw new Error('malformed SM2 ciphertext');
  const d = sm2PrivateScalar(privateKey);
  try {
    const out = sm2().doDecrypt(Buffer.concat([x, y, c3, c2]).toString('hex'), d.toString('hex'), C1C3C2, { output: 'array' });
    if (!Array.isArray(out) || out.length === 0) throw new Error('SM2 decryption failed');
    return Buffer.from(out);
  } finally {
    d.fill(0);
  }
}

const generate = promisify(generateKeyPair);

/** A fresh SM2 key pair (the sandbox's EC_SM2 wrapping key). */
export async function generateSm2KeyPair(): Promise<{ publicKeyDer: Buffer; privateKey: KeyObject }> {
  const { publicKey, privateKey } = await generate('ec', { namedCurve: 'SM2' });
  return { publicKeyDer: publicKey.export({ format: 'der', type: 'spki' }), privateKey };
}

export function sm2PrivateKeyFromPkcs8(der: Buffer): KeyObject {
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}
