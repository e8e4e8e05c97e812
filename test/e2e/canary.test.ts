import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir, write } from './cli.js';

/**
 * Secrecy canary: a recognisable material goes through plan, apply, status, show, saved plans,
 * JSON logs, failures (wrong KCV) and the state file; its bytes, hex and base64 (both alphabets)
 * must appear nowhere.
 */
const CANARY = Buffer.from('CANARY-material-0123456789abcdef', 'latin1'); // exactly 32 bytes

function needles(buf: Buffer): string[] {
  const b64 = buf.toString('base64');
  return [buf.toString('latin1'), buf.toString('hex'), buf.toString('hex').toUpperCase(), b64, b64.replace(/=+$/, ''), buf.toString('base64url'), b64.slice(4, 28)];
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('secrecy canary', () => {
  it('never shows the material in any output, saved plan, log or state file', () => {
    expect(CANARY.length).toBe(32);
    const dir = tempDir();
    writeFileSync(join(dir, 'canary.bin'), CANARY, { mode: 0o600 });
    const manifest = (kcv: string) => `version: 1
name: canary
keys:
  secret:
    material: { file: canary.bin${kcv} }
    wrapping: { algorithm: RSA_AES_KEY_WRAP_SHA_256, keySpec: RSA_2048 }
    keySpec: SYMMETRIC_DEFAULT
`;
    // First an invalid manifest (RSA_AES_KEY_WRAP for a symmetric key) and a wrong KCV: errors must not leak either.
    write(dir, 'keys.yaml', manifest(', kcv: "000000"'));
    const outputs = [cli(['validate'], dir), cli(['--plan'], dir)];
    write(dir, 'keys.yaml', manifest(', kcv: "000000"').replace('RSA_AES_KEY_WRAP_SHA_256', 'RSAES_OAEP_SHA_256'));
    outputs.push(cli(['--plan'], dir), cli(['--apply', '--auto-approve'], dir));
    write(dir, 'keys.yaml', manifest('').replace('RSA_AES_KEY_WRAP_SHA_256', 'RSAES_OAEP_SHA_256'));
    outputs.push(
      cli(['validate'], dir),
      cli(['--plan', '--out', 'plan.json'], dir),
      cli(['--plan', '--format', 'markdown'], dir),
      cli(['--plan', '--format', 'json'], dir),
      cli(['--apply', 'plan.json', '--log-format', 'json'], dir),
      cli(['status'], dir),
      cli(['local', 'show'], dir),
      cli(['material', 'kcv', 'canary.bin'], dir),
      cli(['--apply', '--auto-approve', '--at', '+340d', '--format', 'json'], dir),
    );
    expect(outputs.some((o) => o.code === 0)).toBe(true);
    const texts = outputs.flatMap((o) => [o.stdout, o.stderr]);
    for (const file of walk(dir).filter((f) => !f.endsWith('canary.bin'))) texts.push(readFileSync(file, 'latin1'));
    const haystack = texts.join('\n---\n');
    expect(haystack).toMatch(/reimport-material/); // the renewal really ran, so the material was really used
    for (const needle of needles(CANARY)) expect(haystack.includes(needle), `found ${needle}`).toBe(false);
  }, 120_000);
});
