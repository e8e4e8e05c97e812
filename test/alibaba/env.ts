/** A sandbox over a LocalSimulator with Alibaba's rules, on 127.0.0.1, for one test file. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALIBABA_SIM_RULES } from '../../src/wire/alibaba/rules.js';
import { LocalSimulator } from '../../src/sim/simulator.js';
import { startAlibabaSandbox, type AlibabaSandboxHandle, type AlibabaSandboxOptions } from '../../src/wire/alibaba/index.js';

export class OffsetClock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

export interface AliEnv {
  sim: LocalSimulator;
  sandbox: AlibabaSandboxHandle;
  clock: OffsetClock;
  close(): Promise<void>;
}

export const ACCOUNT = '1234567890123456';

export async function startAliEnv(opts: Omit<AlibabaSandboxOptions, 'sim'> = {}, region = 'cn-hangzhou'): Promise<AliEnv> {
  const clock = new OffsetClock();
  const sim = new LocalSimulator({ clock, region, accountId: ACCOUNT, rules: ALIBABA_SIM_RULES, wrappingKeyPool: 1 });
  const sandbox = await startAlibabaSandbox({ sim, ...opts });
  return { sim, sandbox, clock, close: () => sandbox.close() };
}

/** Wraps `material` with `openssl pkeyutl` (spawned), as the by-hand procedure does. */
export function opensslWrap(publicKeyB64: string, material: Buffer, algorithm: 'RSAES_OAEP_SHA_256' | 'RSAES_OAEP_SHA_1' | 'RSAES_PKCS1_V1_5'): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'ali-wrap-'));
  try {
    writeFileSync(join(dir, 'pub.der'), Buffer.from(publicKeyB64, 'base64'));
    writeFileSync(join(dir, 'material.bin'), material, { mode: 0o600 });
    const opts =
      algorithm === 'RSAES_PKCS1_V1_5'
        ? ['-pkeyopt', 'rsa_padding_mode:pkcs1']
        : ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${algorithm === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256'}`, '-pkeyopt', `rsa_mgf1_md:${algorithm === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256'}`];
    execFileSync('openssl', ['pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', join(dir, 'pub.der'), '-in', join(dir, 'material.bin'), '-out', join(dir, 'wrapped.bin'), ...opts]);
    return readFileSync(join(dir, 'wrapped.bin'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
