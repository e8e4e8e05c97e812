import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeySpec, WrappingAlgorithm } from '../../src/core/specs.js';
import type { MaterialSource } from '../../src/core/types.js';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { readMaterial } from '../../src/material/index.js';
import { generateWrappingKeyPair, wrapMaterial } from '../../src/wrapping/index.js';
import { material, type Captured } from './cli-helpers.js';
import { CANARY, expectNoCanary, fileSource as file, needles, tmp } from './helpers.js';

/**
 * Secrecy canary for the material and wrapping layers: a recognisable material goes through every
 * error path and every output of `reconcile material`; its raw bytes, hex and base64 (either
 * alphabet, with or without padding, and large fragments of each) must appear nowhere — not in
 * summaries, details, error messages or stack traces, nor on stdout/stderr.
 */
const t = tmp();
let pub2048: Buffer;
let pub4096: Buffer;
const texts: string[] = [];

function collect(e: unknown): void {
  if (!(e instanceof Error)) throw new Error(`expected an Error, got ${String(e)}`);
  texts.push(e.message, e.stack ?? '', e instanceof UserError ? JSON.stringify(e.diagnostics) : '');
}

async function failing(fn: () => unknown): Promise<void> {
  try {
    await fn();
  } catch (e) {
    collect(e);
    return;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  ({ publicKeyDer: pub2048 } = await generateWrappingKeyPair('RSA_2048'));
  ({ publicKeyDer: pub4096 } = await generateWrappingKeyPair('RSA_4096'));
  t.write('canary.bin', CANARY);
  t.write('canary-plus.bin', Buffer.concat([CANARY, Buffer.from([0x41])]));
  t.write('canary-text.b64', CANARY); // not valid base64: contains '-' and '!'
  t.write('canary-text.hex', CANARY);
  t.write('canary-as-base64.bin', CANARY.toString('base64'));
  t.write('canary-open.bin', CANARY, 0o644);
  t.write('big.bin', Buffer.concat(Array(12).fill(CANARY)));
  t.write('pub2048.der', pub2048);
});
afterAll(() => t.cleanup());

describe('secrecy canary (material and wrapping)', () => {
  it('the needles are sound: they do find the canary where it is', () => {
    expect(() => expectNoCanary(`x ${CANARY.toString('hex')} y`)).toThrow();
    expect(() => expectNoCanary(CANARY.toString('base64url'))).toThrow();
    expect(needles(CANARY).length).toBeGreaterThan(5);
  });

  it('no material error path reveals it', async () => {
    const node = (name: string, script: string, timeoutMs = 10_000): MaterialSource => ({ type: 'command', argv: [process.execPath, t.write(name, script)], timeoutMs });
    const b64 = JSON.stringify(CANARY.toString('base64'));
    const raw = JSON.stringify(CANARY.toString('latin1'));
    const cases: Array<[MaterialSource, KeySpec, NodeJS.ProcessEnv?]> = [
      [file('canary-plus.bin'), 'SYMMETRIC_DEFAULT'],
      [file('canary.bin'), 'HMAC_384'],
      [file('canary.bin'), 'RSA_2048'],
      [file('canary.bin'), 'ECC_NIST_P256'],
      [file('canary-text.b64', 'base64'), 'SYMMETRIC_DEFAULT'],
      [file('canary-text.hex', 'hex'), 'SYMMETRIC_DEFAULT'],
      [file('canary-as-base64.bin'), 'SYMMETRIC_DEFAULT'],
      [{ type: 'env', name: 'K' }, 'SYMMETRIC_DEFAULT', { K: CANARY.toString('latin1') }],
      [{ type: 'env', name: 'K' }, 'SM4', { K: CANARY.toString('base64') }],
      [{ type: 'env', name: 'K' }, 'RSA_3072', { K: CANARY.toString('base64') }],
      [node('raw.cjs', `process.stdout.write(${raw})`), 'SYMMETRIC_DEFAULT'],
      [node('short.cjs', `process.stdout.write(${b64})`), 'HMAC_512'],
      [node('exit.cjs', `process.stdout.write(${b64}); console.error('vault: denied'); process.exit(2)`), 'SYMMETRIC_DEFAULT'],
      [node('hang.cjs', `process.stdout.write(${b64}); setTimeout(() => {}, 30000)`, 300), 'SYMMETRIC_DEFAULT'],
      [node('stderr.cjs', `console.error('token=' + ${b64}); process.exit(2)`), 'SYMMETRIC_DEFAULT'],
      [node('stderr-raw.cjs', `process.stderr.write(${raw}); process.stdout.write(${raw}); process.exit(1)`), 'SYMMETRIC_DEFAULT'],
      [node('stderr-ok.cjs', `console.error(${b64}); process.stdout.write('not base64!')`), 'SYMMETRIC_DEFAULT'],
      [node('stderr-hang.cjs', `console.error(${b64}); setTimeout(() => {}, 30000)`, 300), 'SYMMETRIC_DEFAULT'],
      [node('stderr-signal.cjs', `console.error(${b64}); process.kill(process.pid, 'SIGKILL')`), 'SYMMETRIC_DEFAULT'],
      [{ type: 'env', name: 'K' }, 'SYMMETRIC_DEFAULT', { K: `${CANARY.toString('base64')}!` }],
      [{ type: 'env', name: 'K' }, 'HMAC_512', { K: CANARY.toString('base64') }],
      [file('canary.bin', 'hex'), 'SYMMETRIC_DEFAULT'],
      [file('big.bin'), 'SYMMETRIC_DEFAULT'],
      [node('flood.cjs', `const s = ${b64}.repeat(4000); for (;;) process.stdout.write(s)`), 'SYMMETRIC_DEFAULT'],
    ];
    for (const [source, keySpec, env] of cases) await failing(() => readMaterial(source, t.dir, keySpec, env ? { env } : {}));
    const warned = await readMaterial(file('canary-open.bin'), t.dir, 'SYMMETRIC_DEFAULT');
    texts.push(JSON.stringify(warned.warnings));
    expect(texts.length).toBeGreaterThanOrEqual(cases.length * 3);
    for (const text of texts) expectNoCanary(text);
  });

  it('no wrapping error path reveals it', async () => {
    const big = Buffer.concat(Array(16).fill(CANARY)); // 512 bytes: over every OAEP limit
    const attempts: Array<[Buffer, Buffer, WrappingAlgorithm, Parameters<typeof wrapMaterial>[3]?]> = [
      [big, pub2048, 'RSAES_OAEP_SHA_256'],
      [big, pub4096, 'RSAES_OAEP_SHA_1'],
      [big, pub2048, 'RSAES_PKCS1_V1_5'],
      [CANARY, pub2048, 'SM2PKE'],
      [CANARY, pub2048, 'RSAES_OAEP_SHA_256', { expectedKeySpec: 'RSA_4096' }],
      [CANARY, CANARY, 'RSAES_OAEP_SHA_256'],
      [CANARY, pub2048, 'RSA_AES_KEY_WRAP_SHA_1', { form: 'huawei-asymmetric' }],
    ];
    for (const [m, pub, alg, opts] of attempts) await failing(() => wrapMaterial(m, pub, alg, opts));
    for (const text of texts) expectNoCanary(text);
  });

  it('no output of `reconcile material` reveals it, in success or failure', async () => {
    const runs: Captured[] = [];
    const run = async (argv: string[], expectCode: number) => {
      const r = await material(argv, t.dir, { K: CANARY.toString('base64') });
      expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(expectCode);
      runs.push(r);
    };
    const wrap = ['wrap', '--public-key', 'pub2048.der', '--in'];
    await run(['kcv', 'canary.bin'], 0);
    await run(['kcv', 'canary-open.bin'], 0);
    await run(['kcv', '--key-spec', 'HMAC_256', 'canary.bin'], 0);
    await run(['kcv', '--key-spec', 'RSA_2048', 'canary.bin'], 1);
    await run(['kcv', '--encoding', 'base64', 'canary-text.b64'], 1);
    await run(['kcv', '--encoding', 'hex', 'canary-text.hex'], 1);
    await run(['kcv', '--key-spec', 'SYMMETRIC_DEFAULT', 'canary-as-base64.bin'], 1);
    await run(['generate', '--out', 'canary.bin'], 1);
    await run([...wrap, 'canary.bin', '--algorithm', 'RSAES_OAEP_SHA_256', '--out', 'ok.bin'], 0);
    await run([...wrap, 'canary.bin', '--algorithm', 'RSA_AES_KEY_WRAP_SHA_256', '--out', 'kw.bin'], 0);
    await run([...wrap, 'canary.bin', '--algorithm', 'RSAES_OAEP_SHA_256', '--out', 'ok.bin'], 1);
    await run([...wrap, 'canary.bin', '--algorithm', 'RSA_AES_KEY_WRAP_SHA_256', '--out', 'x1.bin', '--key-spec', 'SYMMETRIC_DEFAULT'], 1);
    await run([...wrap, 'canary.bin', '--algorithm', 'RSAES_OAEP_SHA_256', '--out', 'x2.bin', '--wrapping-key-spec', 'RSA_3072'], 1);
    await run([...wrap, 'big.bin', '--algorithm', 'RSAES_OAEP_SHA_256', '--out', 'x3.bin'], 1);
    await run([...wrap, 'canary.bin', '--algorithm', 'SM2PKE', '--out', 'x4.bin'], 1);
    await run([...wrap, 'canary-plus.bin', '--algorithm', 'RSAES_OAEP_SHA_256', '--out', 'x5.bin', '--key-spec', 'SYMMETRIC_DEFAULT'], 1);
    await run(['wrap', '--public-key', 'canary.bin', '--algorithm', 'RSAES_OAEP_SHA_256', '--in', 'canary.bin', '--out', 'x6.bin'], 1);
    await run(['wrap', '--public-key', 'pub2048.der', '--algorithm', 'BOGUS', '--in', 'canary.bin', '--out', 'x7.bin'], 1);
    for (const r of runs) {
      expectNoCanary(r.stdout);
      expectNoCanary(r.stderr);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
