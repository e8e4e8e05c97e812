import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genRsaKey, opensslKcv, rsaDecrypt, type OpensslRsaKey } from '../wrapping/openssl.js';
import { CANARY, expectNoCanary, tmp } from './helpers.js';

/** `node bin/reconcile.js material ...` as a user runs it (needs `npm run build`, as `npm test` does). */
const BIN = resolve(import.meta.dirname, '../../bin/reconcile.js');
const t = tmp();
let key: OpensslRsaKey;

function reconcile(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'material', ...args], { cwd: t.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  key = genRsaKey(t.dir, 2048);
  t.write('canary.bin', CANARY);
});
afterAll(() => t.cleanup());

describe('reconcile material (spawned binary)', () => {
  it('the build exists', () => {
    expect(existsSync(resolve(import.meta.dirname, '../../dist/cli/main.js'))).toBe(true);
  });

  it('generate, kcv and wrap work end to end and agree with openssl', () => {
    const g = reconcile('generate', '--out', 'k.bin');
    expect(g.code).toBe(0);
    const bytes = readFileSync(join(t.dir, 'k.bin'));
    expect(statSync(join(t.dir, 'k.bin')).mode & 0o777).toBe(0o600);
    expect(g.stdout).toContain(`kcv: ${opensslKcv(bytes)}`);

    expect(reconcile('kcv', 'canary.bin')).toEqual({ code: 0, stdout: `${opensslKcv(CANARY)}\n`, stderr: '' });

    const w = reconcile('wrap', '--public-key', key.publicDerPath, '--algorithm', 'RSAES_OAEP_SHA_256', '--in', 'canary.bin', '--out', 'w.bin', '--key-spec', 'SYMMETRIC_DEFAULT');
    expect(w.code).toBe(0);
    expect(rsaDecrypt(key, readFileSync(join(t.dir, 'w.bin')), { mode: 'oaep', hash: 'sha256' }).equals(CANARY)).toBe(true);
    for (const r of [g, w]) expectNoCanary(r.stdout + r.stderr);
  });

  it('a refused combination exits 1 with one diagnostic, no stack trace, nothing written', () => {
    const r = reconcile('wrap', '--public-key', key.publicDerPath, '--algorithm', 'RSA_AES_KEY_WRAP_SHA_256', '--in', 'canary.bin', '--out', 'no.bin', '--key-spec', 'SYMMETRIC_DEFAULT');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toMatch(/^error\[wrapping\.incompatible\]: .*RSAES_OAEP_SHA_256 or RSAES_OAEP_SHA_1/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(t.dir, 'no.bin'))).toBe(false);
    expectNoCanary(r.stderr);
  });
});
