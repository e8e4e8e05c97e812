import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY } from './clock.js';

export interface FleetKey {
  name: string;
  validForDays: number;
  renewBeforeDays: number;
}

export interface Fleet {
  dir: string;
  manifest: string;
  keys: FleetKey[];
  buckets: string[];
}

/**
 * A manifest of `count` keys with mixed expiry (validFor 30-365 d, renewBefore 5-60 d and below
 * validFor), an alias each, and two buckets; material files of 32 seeded bytes.
 */
export function writeFleet(count: number, random: () => number, name = 'sim-fleet'): Fleet {
  const dir = mkdtempSync(join(tmpdir(), 'byok-daemon-sim-'));
  mkdirSync(join(dir, 'material'));
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const keys: FleetKey[] = [];
  for (let i = 0; i < count; i++) {
    const validForDays = int(30, 365);
    keys.push({ name: `k${String(i).padStart(3, '0')}`, validForDays, renewBeforeDays: int(5, Math.min(60, validForDays - 10)) });
    writeFileSync(join(dir, 'material', `${keys[i]!.name}.bin`), Buffer.from(Array.from({ length: 32 }, () => int(0, 255))), { mode: 0o600 });
  }
  const buckets = [0, 1].map((i) => `fleet-bucket-${i}`);
  const yaml = [
    'version: 1',
    `name: ${name}`,
    'providers:',
    '  fleet: { type: local, state: .reconcile/fleet-state.json }',
    'defaults:',
    '  provider: fleet',
    '  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }',
    'keys:',
    ...keys.map((k) => `  ${k.name}: { material: { file: material/${k.name}.bin }, expiration: { validFor: ${k.validForDays}d, renewBefore: ${k.renewBeforeDays}d }, aliases: [alias/${k.name}] }`),
    'buckets:',
    ...buckets.map((b, i) => `  ${b}: { key: ${keys[i * 7]!.name}, reencrypt: true }`),
    '',
  ].join('\n');
  const manifest = join(dir, 'keys.yaml');
  writeFileSync(manifest, yaml);
  return { dir, manifest, keys, buckets };
}

/** Lower bound of renewals over `spanMs`: a key is re-imported at least once per validFor. */
export function minimumRenewals(keys: readonly FleetKey[], spanMs: number): number {
  return keys.reduce((n, k) => n + Math.floor(spanMs / (k.validForDays * DAY)), 0);
}
