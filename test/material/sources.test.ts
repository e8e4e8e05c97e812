import { chmodSync } from 'node:fs';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MaterialSource } from '../../src/core/types.js';
import { describeSource, readMaterial, withMaterial } from '../../src/material/index.js';
import { CANARY, expectNoCanary, fileSource as file, tmp, userError } from './helpers.js';

let t: ReturnType<typeof tmp>;
beforeEach(() => {
  t = tmp();
});
afterEach(() => t.cleanup());


describe('file source', () => {
  it('reads raw bytes relative to baseDir', async () => {
    t.write('k.bin', CANARY);
    const { material, warnings } = await readMaterial(file('k.bin'), t.dir, 'SYMMETRIC_DEFAULT');
    expect(material.equals(CANARY)).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('decodes base64 and hex text, tolerating a trailing newline', async () => {
    t.write('k.b64', `${CANARY.toString('base64')}\n`);
    t.write('k.hex', `${CANARY.toString('hex').toUpperCase()}\r\n`);
    expect((await readMaterial(file('k.b64', 'base64'), t.dir, 'SYMMETRIC_DEFAULT')).material.equals(CANARY)).toBe(true);
    expect((await readMaterial(file('k.hex', 'hex'), t.dir, 'SYMMETRIC_DEFAULT')).material.equals(CANARY)).toBe(true);
  });

  it('warns (does not fail) when group or others can read the file', async () => {
    const p = t.write('k.bin', CANARY);
    chmodSync(p, 0o644);
    const { warnings } = await readMaterial(file('k.bin'), t.dir, 'SYMMETRIC_DEFAULT');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: 'warning', code: 'material.permissions' });
    expect(warnings[0]?.summary).toContain('file k.bin');
    expect(warnings[0]?.summary).toContain('0644');
    expect(warnings[0]?.detail).toContain('chmod 600 k.bin');
  });

  it('names a missing file, with what to do', async () => {
    const d = await userError(() => readMaterial(file('material/nope.bin'), t.dir, 'SYMMETRIC_DEFAULT'));
    expect(d.code).toBe('material.missing');
    expect(d.summary).toBe('file material/nope.bin: does not exist');
    expect(d.detail).toContain('reconcile material generate');
  });

  it('refuses a directory and an unreadable file', async () => {
    expect((await userError(() => readMaterial(file('.'), t.dir, 'SYMMETRIC_DEFAULT'))).code).toBe('material.unreadable');
    if (process.getuid?.() !== 0) {
      chmodSync(t.write('locked.bin', CANARY), 0o000);
      expect((await userError(() => readMaterial(file('locked.bin'), t.dir, 'SYMMETRIC_DEFAULT'))).code).toBe('material.unreadable');
    }
  });

  it('refuses a FIFO without blocking, a device and a socket, naming what it is', async () => {
    const { execFileSync } = await import('node:child_process');
    const { createServer } = await import('node:net');
    execFileSync('mkfifo', [`${t.dir}/fifo`]);
    const started = Date.now();
    const fifo = await userError(() => readMaterial(file('fifo'), t.dir, 'SYMMETRIC_DEFAULT'));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(fifo.code).toBe('material.unreadable');
    expect(fifo.summary).toBe('file fifo: is a FIFO (named pipe), not a regular file');
    expect(fifo.detail).toContain('material.command');
    const dev = await userError(() => readMaterial(file('/dev/zero'), t.dir, 'SYMMETRIC_DEFAULT'));
    expect(dev.summary).toBe('file /dev/zero: is a device, not a regular file');
    const server = createServer();
    await new Promise<void>((r) => server.listen(`${t.dir}/sock`, r));
    try {
      const sock = await userError(() => readMaterial(file('sock'), t.dir, 'SYMMETRIC_DEFAULT'));
      expect(sock.code).toBe('material.unreadable');
      expect(sock.summary).toMatch(/socket/);
    } finally {
      server.close();
    }
  });

  it('refuses bad base64 and bad hex as material.malformed', async () => {
    t.write('bad.b64', 'not*base64!');
    t.write('bad.hex', 'abc');
    expect((await userError(() => readMaterial(file('bad.b64', 'base64'), t.dir, 'SYMMETRIC_DEFAULT'))).code).toBe('material.malformed');
    expect((await userError(() => readMaterial(file('bad.hex', 'hex'), t.dir, 'SYMMETRIC_DEFAULT'))).code).toBe('material.malformed');
  });

  it('refuses the wrong size and hints at `encoding` when raw bytes look like base64 text', async () => {
    t.write('short.bin', randomBytes(31));
    const d = await userError(() => readMaterial(file('short.bin'), t.dir, 'SYMMETRIC_DEFAULT'));
    expect(d.code).toBe('material.size');
    expect(d.summary).toBe('file short.bin: holds 31 bytes, but SYMMETRIC_DEFAULT key material is exactly 32 bytes');
    t.write('text.bin', `${CANARY.toString('base64')}\n`);
    const d2 = await userError(() => readMaterial(file('text.bin'), t.dir, 'SYMMETRIC_DEFAULT'));
    expect(d2.detail).toContain('encoding: base64');
    expectNoCanary(`${d2.summary} ${d2.detail}`);
  });
});

describe('sizes per key spec', () => {
  it.each([
    ['SM4', 16],
    ['HMAC_224', 28],
    ['HMAC_256', 32],
    ['HMAC_384', 48],
    ['HMAC_512', 64],
  ] as const)('%s takes exactly %i bytes', async (spec, size) => {
    t.write('ok.bin', randomBytes(size));
    t.write('bad.bin', randomBytes(size + 1));
    expect((await readMaterial(file('ok.bin'), t.dir, spec)).material.length).toBe(size);
    expect((await userError(() => readMaterial(file('bad.bin'), t.dir, spec))).code).toBe('material.size');
  });

  it('asymmetric specs take PKCS#8 DER of the right type, modulus and curve', async () => {
    const der = (k: ReturnType<typeof generateKeyPairSync>['privateKey']) => k.export({ format: 'der', type: 'pkcs8' });
    t.write('p256.der', der(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey));
    t.write('p384.der', der(generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey));
    t.write('rsa.der', der(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey));
    expect((await readMaterial(file('p256.der'), t.dir, 'ECC_NIST_P256')).material.length).toBeGreaterThan(100);
    expect((await readMaterial(file('rsa.der'), t.dir, 'RSA_2048')).material.length).toBeGreaterThan(1000);

    const wrongCurve = await userError(() => readMaterial(file('p384.der'), t.dir, 'ECC_NIST_P256'));
    expect(wrongCurve.code).toBe('material.size');
    expect(wrongCurve.summary).toContain('secp384r1');
    expect(wrongCurve.summary).toContain('P-256');
    const wrongBits = await userError(() => readMaterial(file('rsa.der'), t.dir, 'RSA_3072'));
    expect(wrongBits.summary).toContain('2048-bit RSA');
    expect((await userError(() => readMaterial(file('rsa.der'), t.dir, 'ECC_NIST_P256'))).code).toBe('material.size');

    t.write('junk.der', CANARY);
    const junk = await userError(() => readMaterial(file('junk.der'), t.dir, 'RSA_2048'));
    expect(junk.code).toBe('material.malformed');
    expect(junk.detail).toContain('openssl pkcs8 -topk8');
  });
});

describe('env source', () => {
  const env = (name: string): MaterialSource => ({ type: 'env', name });
  it('decodes base64 from the variable', async () => {
    const { material } = await readMaterial(env('PAYMENTS_KEY'), t.dir, 'SYMMETRIC_DEFAULT', { env: { PAYMENTS_KEY: CANARY.toString('base64') } });
    expect(material.equals(CANARY)).toBe(true);
  });
  it('reports a missing variable and bad base64', async () => {
    const missing = await userError(() => readMaterial(env('PAYMENTS_KEY'), t.dir, 'SYMMETRIC_DEFAULT', { env: {} }));
    expect(missing).toMatchObject({ code: 'material.missing', summary: 'env PAYMENTS_KEY: is not set or empty' });
    const bad = await userError(() => readMaterial(env('PAYMENTS_KEY'), t.dir, 'SYMMETRIC_DEFAULT', { env: { PAYMENTS_KEY: 'a%b' } }));
    expect(bad.code).toBe('material.malformed');
  });
});

describe('withMaterial and describeSource', () => {
  it('zeroes the material after fn, also when fn throws', async () => {
    t.write('k.bin', CANARY);
    let seen: Buffer | undefined;
    await withMaterial(file('k.bin'), t.dir, 'SYMMETRIC_DEFAULT', (m) => {
      seen = m;
      expect(m.equals(CANARY)).toBe(true);
    });
    expect(seen?.every((b) => b === 0)).toBe(true);
    await expect(
      withMaterial(file('k.bin'), t.dir, 'SYMMETRIC_DEFAULT', (m) => {
        seen = m;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(seen?.every((b) => b === 0)).toBe(true);
  });

  it('describes sources without content and elides long argv', () => {
    expect(describeSource(file('material/x.bin'))).toBe('file material/x.bin');
    expect(describeSource(file('x.b64', 'base64'))).toBe('file x.b64 (base64)');
    expect(describeSource({ type: 'env', name: 'PAYMENTS_KEY' })).toBe('env PAYMENTS_KEY');
    expect(describeSource({ type: 'command', argv: ['vault', 'kv', 'get', '-field=key', 'secret/app'], timeoutMs: 1 })).toBe('command vault kv get ...');
    expect(describeSource({ type: 'command', argv: ['pass', 'show'], timeoutMs: 1 })).toBe('command pass show');
    expect(describeSource({ type: 'command', argv: ['sh', '-c', 'x'.repeat(100)], timeoutMs: 1 })).toBe(`command sh -c ${'x'.repeat(40)}...`);
  });
});
