/**
 * The commands a user runs: `reconcile sandbox --cloud huawei` (a real process, Huawei's clients
 * refused with a wrong secret, accepted with the right one), and `reconcile daemon` renewing a
 * Huawei key and exporting its expiry metric.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, tempDir, write } from '../e2e/cli.js';
import { hcClient, kms, kmsRaw, obsClient } from './clients.js';
import { huaweiManifest, reconcileAsync } from './e2e-helpers.js';

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('reconcile sandbox --cloud huawei, and the daemon against it', () => {
  const dir = tempDir('byok-hw-cli-');
  let sandbox: ChildProcess;
  let url = '';

  beforeAll(async () => {
    mkdirSync(join(dir, 'sb'));
    write(dir, 'sb/keys.yaml', 'version: 1\nname: sandbox\nkeys: {}\n');
    sandbox = spawn(process.execPath, [BIN, 'sandbox', '--cloud', 'huawei', '--port', '0', '-f', 'sb/keys.yaml'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      sandbox.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      sandbox.once('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
    });
  }, 30_000);

  afterAll(() => {
    sandbox?.kill('SIGTERM');
  });

  it('refuses a wrong secret on KMS and OBS with Huawei\'s errors, and serves the right one', async () => {
    const wrong = await kmsRaw(hcClient(url, 'test', 'not-the-secret'), 'POST', 'list-keys', { key_spec: 'ALL' });
    expect(wrong).toMatchObject({ status: 401, body: { error_code: 'APIGW.0301' } });
    const obsWrong = await (await obsClient(url, 'test', 'not-the-secret')).createBucket({ Bucket: 'nope-bucket' });
    expect([obsWrong.CommonMsg.Status, obsWrong.CommonMsg.Code]).toEqual([403, 'SignatureDoesNotMatch']);
    const ok = (await kms(hcClient(url), 'POST', 'list-keys', { key_spec: 'ALL' })) as { keys: string[] };
    expect(ok.keys).toEqual([]);
    const bad = await reconcileAsync(dir, ['sandbox', '--cloud', 'nowhere']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--cloud');
  }, 30_000);

  it('the daemon renews a Huawei key inside its window and exports the expiry metric', async () => {
    expect((await reconcileAsync(dir, ['material', 'generate', '--out', 'm.bin'])).code).toBe(0);
    write(dir, 'keys.yaml', huaweiManifest(url, { name: 'daemon', material: 'm.bin', validFor: '10d', renewBefore: '5d' }));
    const apply = await reconcileAsync(dir, ['--apply', '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(0);
    write(dir, 'keys.yaml', huaweiManifest(url, { name: 'daemon', material: 'm.bin', validFor: '20d', renewBefore: '12d' }));

    const port = await freePort();
    const daemon = spawn(process.execPath, [BIN, 'daemon', '--metrics-addr', `127.0.0.1:${port}`, '--schedule', '0 0 1 1 *', '--log-format', 'json'], {
      cwd: dir,
      env: { ...process.env, HUAWEICLOUD_SDK_AK: 'test', HUAWEICLOUD_SDK_SK: 'test' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    daemon.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    try {
      let metrics = '';
      for (let i = 0; i < 100 && !/byok_runs_total\{result="success"\} 1/.test(metrics); i++) {
        await sleep(200);
        metrics = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => '');
      }
      expect(metrics, log).toMatch(/byok_runs_total\{result="success"\} 1/);
      const line = metrics.split('\n').find((l) => l.startsWith('byok_material_expiry_seconds{') && l.includes('provider="hw"'));
      expect(line, metrics).toBeDefined();
      // Renewed to 20 days (before: 10).
      expect(Number(line!.split(' ').at(-1))).toBeGreaterThan(19 * 86_400);
      expect(log).toContain('reimport-material');
    } finally {
      daemon.kill('SIGTERM');
      await new Promise((r) => daemon.once('exit', r));
    }
    expect((await reconcileAsync(dir, ['--plan', '--detailed-exitcode'])).code).toBe(0);
  }, 60_000);
});
