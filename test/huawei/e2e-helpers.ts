/** The Huawei end-to-end fixture: a sandbox over a state file in this process, the CLI as a child. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLocalStore, type LocalStore } from '../../src/sim/store.js';
import { HUAWEI_SIM_RULES } from '../../src/wire/huawei/rules.js';
import { startHuaweiSandbox, type HuaweiSandboxOptions } from '../../src/wire/huawei/server.js';
import type { SandboxHandle } from '../../src/wire/aws/types.js';
import { PROJECT_ID } from './clients.js';
import { BIN } from '../e2e/cli.js';

export const HW_ENV = { HUAWEICLOUD_SDK_AK: 'test', HUAWEICLOUD_SDK_SK: 'test' };

export interface HwSandbox {
  store: LocalStore;
  sb: SandboxHandle;
}

export async function startStoreSandbox(dir: string, opts: Omit<HuaweiSandboxOptions, 'sim'> = {}): Promise<HwSandbox> {
  const store = openLocalStore(join(dir, 'hw-state.json'), { now: () => new Date() }, {
    rules: HUAWEI_SIM_RULES,
    wrappingKeyPool: 1,
    accountId: '0c7a3d5e9b1f4e2a8d6c0b9a7f5e3d1c',
    region: 'ap-southeast-1',
  });
  const sb = await startHuaweiSandbox({ sim: store.sim, ...opts });
  return { store, sb };
}

export function huaweiManifest(url: string, o: { name: string; material: string; validFor?: string; renewBefore?: string; bucket?: string; after?: string }): string {
  return `version: 1
name: ${o.name}
providers:
  hw:
    type: huawei
    region: ap-southeast-1
    projectId: ${PROJECT_ID}
    endpoint: ${url}
keys:
  rotation-test-key:
    provider: hw
    description: imported_key
    material: { file: ${o.material} }
    expiration: { validFor: ${o.validFor ?? '365d'}, renewBefore: ${o.renewBefore ?? '30d'} }
    aliases: [rotation-test-key]
    retire: { action: disable, after: ${o.after ?? '0d'} }
${o.bucket ? `buckets:\n  ${o.bucket}:\n    key: rotation-test-key\n    reencrypt: true\n` : ''}`;
}

/** Moves a key's material expiry into the past in the persisted state (simulated time passing). */
export function expireInState(dir: string, keyId: string): void {
  const file = join(dir, 'hw-state.json');
  const state = JSON.parse(readFileSync(file, 'utf8')) as { keys: { keyId: string; material: { validTo: string | null } | null }[] };
  const key = state.keys.find((k) => k.keyId === keyId);
  if (!key?.material) throw new Error(`no material on ${keyId}`);
  key.material.validTo = new Date(Date.now() - 3_600_000).toISOString();
  writeFileSync(file, `${JSON.stringify(state, null, 1)}\n`);
}

/**
 * Runs the built CLI without blocking this process (the sandbox serves from it), stdin closed.
 * `onStderr` sees the log as it comes (kill tests).
 */
export function reconcileAsync(
  dir: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  onStderr?: (chunk: string, child: ChildProcess) => void,
  onSpawn?: (child: ChildProcess) => void,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', ...HW_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    onStderr?.(c.toString(), child);
  });
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 137 : -1), stdout, stderr })));
}
