import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, show, write } from '../e2e/cli.js';
import { appliedDir, eventually, get, startDaemon, stopAll, type DaemonProcess } from './support/process.js';

const DAY_S = 86_400;
const MANIFEST = `version: 1
name: daemon-e2e
keys:
  short:
    material: { file: m.bin }
    wrapping: { algorithm: RSAES_OAEP_SHA_1, keySpec: RSA_2048 }
    expiration: { validFor: 90d, renewBefore: 10d }
`;

/** `reconcile daemon` as users run it: the built CLI, the local provider's state file, real signals. */
describe('reconcile daemon (CLI, local provider)', () => {
  let dir: string;
  const running: DaemonProcess[] = [];
  const daemon = (args: string[]) => {
    const d = startDaemon(args, dir);
    running.push(d);
    return d;
  };
  const lockFile = () => join(dir, '.reconcile', 'daemon-e2e.apply.lock');

  beforeEach(() => {
    dir = appliedDir('byok-daemon-e2e-', MANIFEST);
  });
  afterEach(() => stopAll(running, dir));

  it('--once renews a material inside its window and exits 0; exits 1 when the run fails', () => {
    const before = show(dir).keys[0]!;
    const once = cli(['daemon', '--once', '--at', '+81d', '--log-format', 'json'], dir);
    expect(once.code, once.stderr).toBe(0);
    const after = show(dir, ['--at', '+81d']).keys[0]!;
    expect(after.keyId).toBe(before.keyId);
    expect(Date.parse(after.validTo!) - Date.parse(before.validTo!)).toBeGreaterThan(80 * DAY_S * 1000);
    // Logs carry identifiers, never the material (raw, hex or base64).
    const material = readFileSync(join(dir, 'm.bin'));
    for (const form of [material.toString('hex'), material.toString('base64')]) expect(once.stderr).not.toContain(form);
    const summary = once.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).at(-1);
    expect(summary).toMatchObject({ trigger: 'once', result: 'success', applied: 1 });
    expect(existsSync(lockFile())).toBe(false);

    writeFileSync(join(dir, '.reconcile', 'local-state.json'), '{ not json');
    const failed = cli(['daemon', '--once', '--log-format', 'json'], dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/"result":"failure"/);
  });

  it('serves metrics and health, keeps the last good manifest, and stops on SIGTERM with exit 0', async () => {
    const d = daemon(['--at', '+81d', '--metrics-addr', '127.0.0.1:0', '--schedule', '* * * * * *', '--jitter', '0']);
    const addr = await d.address();
    await d.waitForLog((l) => l.trigger === 'start' && l.result === 'success');
    const metrics = (await get(`http://${addr}/metrics`)).body;
    const expiry = Number(/byok_material_expiry_seconds\{manifest="daemon-e2e",key="short",provider="local",generation="1"\} (-?\d+)/.exec(metrics)?.[1]);
    // Renewed at simulated +81d for 90 days: about 90 days left (not the 9 it had).
    expect(expiry).toBeGreaterThan(89 * DAY_S);
    expect(expiry).toBeLessThanOrEqual(90 * DAY_S);
    expect(metrics).toMatch(/byok_actions_total\{kind="reimport-material",result="applied"\} 1/);
    expect(metrics).toMatch(/byok_runs_total\{result="success"\} [1-9]/);
    expect(metrics).toMatch(/byok_manifest_valid 1/);
    expect(metrics).toMatch(/process_cpu_user_seconds_total/);
    expect(await get(`http://${addr}/healthz`)).toMatchObject({ status: 200, body: 'ok' });
    expect((await get(`http://${addr}/readyz`)).status).toBe(200);
    expect((await get(`http://${addr}/nope`)).status).toBe(404);

    write(dir, 'keys.yaml', MANIFEST.replace('keys:', 'kyes:'));
    const degraded = await eventually(async () => {
      const h = await get(`http://${addr}/healthz`);
      return h.body.includes('warnings') ? h : undefined;
    });
    expect(degraded.status).toBe(200);
    expect(JSON.parse(degraded.body)).toMatchObject({ status: 'ok', warnings: [expect.stringMatching(/manifest is invalid/)] });
    expect((await get(`http://${addr}/metrics`)).body).toMatch(/byok_manifest_valid 0/);
    await d.waitForLog((l) => /keeping the last good one/.test(String(l.msg)));

    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(0);
    expect(d.logs.at(-1)?.msg).toBe('stopped');
    expect(existsSync(lockFile())).toBe(false);
  });

  it('/healthz turns 503 when the provider keeps failing, and recovers', async () => {
    const d = daemon(['--metrics-addr', '127.0.0.1:0', '--schedule', '* * * * * *', '--jitter', '0']);
    const addr = await d.address();
    await d.waitForLog((l) => l.result === 'success');
    expect((await get(`http://${addr}/healthz`)).status).toBe(200);

    const state = join(dir, '.reconcile', 'local-state.json');
    const good = readFileSync(state);
    writeFileSync(state, '{ not json');
    const sick = await eventually(async () => {
      const h = await get(`http://${addr}/healthz`);
      return h.status === 503 ? h : undefined;
    });
    expect(sick.type).toBe('application/json');
    const body = JSON.parse(sick.body) as { status: string; reasons: string[] };
    expect(body.status).toBe('unhealthy');
    expect(body.reasons[0]).toMatch(/the last 3 runs failed.*local-state\.json/);
    expect((await get(`http://${addr}/metrics`)).body).toMatch(/byok_healthy 0/);

    writeFileSync(state, good);
    await eventually(async () => ((await get(`http://${addr}/healthz`)).status === 200 ? true : undefined));
    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(0);
  });

  it('SIGTERM mid-run lets the action in flight finish, releases the lock and exits 0', async () => {
    // The material comes from a slow command that logs each call: call 1 is the start-up load,
    // call 2 the start-up run's re-read, call 3 the re-import itself.
    write(dir, 'slow.sh', 'echo call >> calls.txt; sleep 1.5; base64 < m.bin\n');
    write(dir, 'keys.yaml', MANIFEST.replace('{ file: m.bin }', '{ command: [sh, slow.sh] }'));
    const before = show(dir).keys[0]!;
    const d = daemon(['--at', '+81d', '--metrics-addr', '127.0.0.1:0', '--jitter', '0']);
    await eventually(async () => (existsSync(join(dir, 'calls.txt')) && readFileSync(join(dir, 'calls.txt'), 'utf8').split('\n').length > 3 ? true : undefined), 30_000, 20);
    expect(existsSync(lockFile())).toBe(true);
    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(0);
    expect(existsSync(lockFile())).toBe(false);
    const msgs = d.logs.map((l) => String(l.msg));
    expect(msgs.indexOf('stopping: no new runs; waiting for the action in flight')).toBeLessThan(msgs.findIndex((m) => /reimport-material .*: applied/.test(m)));
    const after = show(dir, ['--at', '+81d']).keys[0]!;
    expect(Date.parse(after.validTo!)).toBeGreaterThan(Date.parse(before.validTo!));
  });
});
