/**
 * A real keys.yaml and real material files for one benchmark size, so the whole path is measured:
 * YAML with positions, schema, rules, a KCV read per key at load, and a material read per import.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WrappingKeySpec } from '../src/core/specs.js';
import { AWS_REQUEST_QUOTAS } from '../src/providers/aws/quotas.js';

export interface FixtureOptions {
  keys: number;
  buckets: number;
  endpoint: string;
  /** 1 = no `quotas:` in the manifest (the adapter's AWS defaults); otherwise every rate multiplied. */
  quotaScale: number;
  /** RSA spec of the wrapping key; the manifest default (largest, RSA_4096) when absent. */
  wrappingKeySpec?: WrappingKeySpec;
}

export interface Fixture {
  dir: string;
  manifest: string;
  manifestName: string;
  bucketNames: string[];
  /**
   * Writes another manifest beside keys.yaml, the same keys and materials with other quotas (1 =
   * none: the adapter's AWS defaults, as a user's manifest), and returns its path.
   */
  writeManifest(fileName: string, quotaScale: number): Promise<string>;
  remove(): Promise<void>;
}

export const keyName = (i: number): string => `k${String(i).padStart(5, '0')}`;
export const bucketName = (i: number, keys: number): string => `bench-${keys}-bucket-${i}`;

/** Bucket i follows key i (spread when there are fewer keys than buckets is not a case we run). */
export function bucketNames(keys: number, buckets: number): string[] {
  return Array.from({ length: Math.min(buckets, keys) }, (_, i) => bucketName(i + 1, keys));
}

export async function writeFixture(opts: FixtureOptions): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'byok-bench-'));
  await mkdir(join(dir, 'material'));
  const manifestName = `bench-${opts.keys}`;
  const buckets = bucketNames(opts.keys, opts.buckets);
  // Material files are written in batches: 10,000 sequential awaits cost more than the writes.
  const writes: Promise<void>[] = [];
  for (let i = 1; i <= opts.keys; i++) {
    const name = keyName(i);
    writes.push(writeFile(join(dir, 'material', `${name}.bin`), randomBytes(32), { mode: 0o600 }));
    if (writes.length >= 256) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
  const writeManifest = async (fileName: string, quotaScale: number): Promise<string> => {
    const path = join(dir, fileName);
    await writeFile(path, manifestText({ ...opts, quotaScale }, manifestName, buckets));
    return path;
  };
  const manifest = await writeManifest('keys.yaml', opts.quotaScale);
  return { dir, manifest, manifestName, bucketNames: buckets, writeManifest, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** keys.yaml: one key per material file, one alias each, bucket i following key i. */
export function manifestText(opts: FixtureOptions, manifestName: string, buckets: string[]): string {
  const lines = [
    'version: 1',
    `name: ${manifestName}`,
    'providers:',
    '  bench:',
    '    type: aws',
    '    region: us-east-1',
    `    endpoint: ${opts.endpoint}`,
    // What AWS itself gets by default (auto: the tagging pages, raced by the account listing when
    // they would wait for the limiter); with an endpoint the default is list-keys. The project's
    // sandbox serves the tagging API completely.
    '    discovery: auto',
    ...quotaLines(opts.quotaScale),
    'defaults:',
    '  provider: bench',
    ...(opts.wrappingKeySpec ? [`  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: ${opts.wrappingKeySpec} }`] : []),
    'keys:',
  ];
  for (let i = 1; i <= opts.keys; i++) {
    const name = keyName(i);
    lines.push(`  ${name}:`, `    material: { file: material/${name}.bin }`, `    aliases: [alias/bench/${name}]`);
  }
  if (buckets.length > 0) {
    lines.push('buckets:');
    buckets.forEach((b, i) => lines.push(`  ${b}: { key: ${keyName(i + 1)}, bucketKey: true, reencrypt: true }`));
  }
  return `${lines.join('\n')}\n`;
}

/** The scaled table, so the adapter paces at exactly the rates the sandbox enforces. */
function quotaLines(scale: number): string[] {
  if (scale === 1) return [];
  return ['    quotas:', ...Object.entries(AWS_REQUEST_QUOTAS).map(([op, rate]) => `      ${op}: ${rate * scale}`)];
}
