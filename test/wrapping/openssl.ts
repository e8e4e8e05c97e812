/** Test helpers that drive the real `openssl` binary (independent of Node's crypto bindings). */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function openssl(args: string[], input?: Buffer): Buffer {
  return execFileSync('openssl', args, { input: input ?? Buffer.alloc(0), stdio: ['pipe', 'pipe', 'pipe'] });
}

export interface OpensslRsaKey {
  bits: number;
  privatePem: string;
  publicDerPath: string;
  publicKeyDer: Buffer;
  privateKey: KeyObject;
}

export function tempDir(prefix = 'byok-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An RSA key made by `openssl genpkey`, with its DER SPKI public key from `openssl pkey`. */
export function genRsaKey(dir: string, bits: number): OpensslRsaKey {
  const privatePem = join(dir, `rsa-${bits}.pem`);
  const publicDerPath = join(dir, `rsa-${bits}.pub.der`);
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${bits}`, '-out', privatePem]);
  openssl(['pkey', '-in', privatePem, '-pubout', '-outform', 'DER', '-out', publicDerPath]);
  return {
    bits,
    privatePem,
    publicDerPath,
    publicKeyDer: readFileSync(publicDerPath),
    privateKey: createPrivateKey(readFileSync(privatePem)),
  };
}

export type Padding = { mode: 'oaep'; hash: 'sha1' | 'sha256' } | { mode: 'pkcs1' };

function paddingOpts(p: Padding): string[] {
  if (p.mode === 'pkcs1') return ['-pkeyopt', 'rsa_padding_mode:pkcs1'];
  return ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${p.hash}`, '-pkeyopt', `rsa_mgf1_md:${p.hash}`];
}

export function rsaDecrypt(key: OpensslRsaKey, ciphertext: Buffer, p: Padding): Buffer {
  return openssl(['pkeyutl', '-decrypt', '-inkey', key.privatePem, ...paddingOpts(p)], ciphertext);
}

export function rsaEncrypt(key: OpensslRsaKey, plaintext: Buffer, p: Padding): Buffer {
  return openssl(['pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', key.publicDerPath, ...paddingOpts(p)], plaintext);
}

export function kwp(direction: 'wrap' | 'unwrap', kek: Buffer, data: Buffer): Buffer {
  const d = direction === 'unwrap' ? ['-d'] : [];
  return openssl(['enc', '-id-aes256-wrap-pad', ...d, '-iv', 'A65959A6', '-K', kek.toString('hex')], data);
}

export function ecb(direction: 'encrypt' | 'decrypt', key: Buffer, data: Buffer): Buffer {
  const d = direction === 'decrypt' ? ['-d'] : [];
  return openssl(['enc', '-aes-256-ecb', ...d, '-K', key.toString('hex')], data);
}

/** the usual KCV definition, computed by openssl: AES-ECB, no padding, of one zero block. */
export function opensslKcv(material: Buffer): string {
  const cipher = { 16: '-aes-128-ecb', 24: '-aes-192-ecb', 32: '-aes-256-ecb' }[material.length];
  if (!cipher) throw new Error('no AES size');
  return openssl(['enc', cipher, '-nopad', '-K', material.toString('hex')], Buffer.alloc(16)).subarray(0, 3).toString('hex');
}

export function writeTemp(dir: string, name: string, data: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}
