import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgress, progressLine } from '../../src/cli/progress.js';
import type { CliIO } from '../../src/cli/io.js';
import { reconcile } from './helpers.js';

/** In-process runs of the CLI on the local provider: saved plans, logs and progress, plan documents. */
function project(keys = 2, extra = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'byok-cli-apply-'));
  mkdirSync(join(dir, 'sub'));
  // One material per key: the same material in two keys is warned about.
  for (let i = 0; i <= keys; i++) writeFileSync(join(dir, 'sub', `m${i}.bin`), Buffer.alloc(32, 9 + i), { mode: 0o600 });
  const entries = Array.from({ length: keys }, (_, i) => `  k${i}:\n    material: { file: m${i}.bin }\n    aliases: [alias/k${i}]\n`).join('');
  writeFileSync(join(dir, 'sub', 's.yaml'), `version: 1\nname: cli-apply\ndefaults:\n  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }\nkeys:\n${entries}${extra}`);
  return dir;
}

describe('a saved plan', () => {
  it('applies with the manifest it records, from a folder without keys.yaml', async () => {
    const dir = project();
    expect((await reconcile(['--plan', '-f', 'sub/s.yaml', '--out', 'plan.json'], dir)).code).toBe(0);
    const r = await reconcile(['--apply', 'plan.json'], dir);
    expect(r.err).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Apply complete: 6 applied, 0 failed, 0 skipped.');
  });

  it('when stale, says to plan again with the same -f', async () => {
    const dir = project();
    expect((await reconcile(['plan', '-f', 'sub/s.yaml', '--out', 'plan.json'], dir)).code).toBe(0);
    writeFileSync(join(dir, 'sub', 's.yaml'), `${(await import('node:fs')).readFileSync(join(dir, 'sub', 's.yaml'), 'utf8')}  extra:\n    material: { file: m2.bin }\n`);
    const r = await reconcile(['apply', 'plan.json'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error\[plan\.stale\]: Saved plan is stale: the manifest changed/);
    expect(r.err).toContain('Run `reconcile --plan -f sub/s.yaml --out plan.json` again');
  });
});

describe('logs and progress follow stderr', () => {
  it('stderr a terminal, stdout not: text log lines replaced by an in-place progress line', async () => {
    const dir = project(3);
    const r = await reconcile(['--apply', '-f', 'sub/s.yaml', '--auto-approve'], dir, {}, false);
    // stderr is not a terminal in this first run: JSON lines, one per action start and result.
    expect(r.err.trim().split('\n').every((l) => l.startsWith('{'))).toBe(true);
    const dir2 = project(3);
    let err = '';
    const io: CliIO = { stdout: () => undefined, stderr: (t) => void (err += t), cwd: dir2, env: { NO_COLOR: '1' }, isTTY: false, errIsTTY: true };
    const { main } = await import('../../src/cli/main.js');
    expect(await main(['--apply', '-f', 'sub/s.yaml', '--auto-approve'], io)).toBe(0);
    expect(err).toContain('\r\u001b[2K[9/9] 100%');
    expect(err).not.toMatch(/^\{/m);
    expect(err).not.toContain('create-key');
  });

  it('the progress line has n/total, elapsed and an estimate', () => {
    expect(progressLine(0, 200, 0)).toBe('[0/200] 0% · 0s elapsed');
    expect(progressLine(50, 200, 20_000)).toBe('[50/200] 25% · 20s elapsed · about 1m00s left');
    expect(progressLine(200, 200, 95_000)).toBe('[200/200] 100% · 1m35s elapsed');
  });

  it('log lines print above the progress line, which is redrawn', () => {
    let out = '';
    let t = 0;
    const io: CliIO = { stdout: () => undefined, stderr: (s) => void (out += s), cwd: '/', env: {}, isTTY: false, errIsTTY: true };
    const p = createProgress(io, 2, undefined, () => (t += 200));
    p.tick({ id: 'a', kind: 'create-key', target: 'x', result: 'applied' });
    p.write('✗ import-material failed\n');
    p.tick({ id: 'b', kind: 'create-key', target: 'y', result: 'applied' });
    p.done();
    expect(out).toBe('\r\u001b[2K[1/2] 50% · 0s elapsed · about 0s left\r\u001b[2K✗ import-material failed\n[1/2] 50% · 0s elapsed · about 0s left\r\u001b[2K[2/2] 100% · 0s elapsed\r\u001b[2K[2/2] 100% · 1s elapsed\n');
  });

  it('no progress when JSON logs are asked for, or stderr is not a terminal', () => {
    const io: CliIO = { stdout: () => undefined, stderr: () => undefined, cwd: '/', env: {}, isTTY: true, errIsTTY: false };
    expect(createProgress(io, 5, undefined).active).toBe(false);
    expect(createProgress({ ...io, errIsTTY: true }, 5, 'json').active).toBe(false);
  });
});

describe('what plans carry', () => {
  it('the JSON plan lists the manifest warnings the text shows (material.permissions)', async () => {
    const dir = project(1);
    writeFileSync(join(dir, 'sub', 'm0.bin'), Buffer.alloc(32, 9), { mode: 0o644 });
    (await import('node:fs')).chmodSync(join(dir, 'sub', 'm0.bin'), 0o644);
    const json = await reconcile(['--plan', '-f', 'sub/s.yaml', '--format', 'json'], dir);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.out) as { diagnostics: { severity: string; code: string }[] };
    expect(doc.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'warning', code: 'material.permissions' })]));
    const text = await reconcile(['--plan', '-f', 'sub/s.yaml'], dir);
    expect(text.out).toContain('warning[material.permissions]:');
  });

  it('a missing bucket on local reads error[plan.bucket-missing] and names `reconcile local create-bucket`', async () => {
    const dir = project(1, 'buckets:\n  photos: { key: k0 }\n');
    const r = await reconcile(['--plan', '-f', 'sub/s.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('error[plan.bucket-missing]: bucket photos does not exist in provider local');
    expect(r.out).toContain('Create it with `reconcile local create-bucket photos -f sub/s.yaml`');
    expect(r.out).not.toMatch(/^Error: /m);
  });

  it('validate --format json gives every diagnostic with file, line and column', async () => {
    const dir = project(1, 'buckets:\n  b: { key: nope }\n');
    const r = await reconcile(['validate', '-f', 'sub/s.yaml', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    const doc = JSON.parse(r.out) as { formatVersion: number; valid: boolean; errors: number; diagnostics: { code: string; pos?: { line: number; column: number } }[] };
    expect(doc).toMatchObject({ formatVersion: 1, valid: false, errors: 1 });
    expect(doc.diagnostics[0]).toMatchObject({ severity: 'error', code: expect.stringMatching(/^manifest\./), pos: { file: expect.stringContaining('s.yaml'), line: 10, column: expect.any(Number) } });
    const ok = await reconcile(['validate', '-f', 'sub/s.yaml', '--format', 'json'], project(1));
    expect(JSON.parse(ok.out)).toMatchObject({ valid: true, errors: 0 });
  });
});
