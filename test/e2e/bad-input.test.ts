import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir, write } from './cli.js';

/**
 * Broken manifests through the CLI: each gives file:line:column, exit 1, no stack trace, and leaves
 * the local state file byte-for-byte unchanged.
 */
const good = `version: 1
name: bad-input
keys:
  app:
    material: { file: m.bin }
    wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }
    aliases: [alias/app]
`;

const cases: [string, string, RegExp][] = [
  ['yaml syntax', good.replace('aliases: [alias/app]', 'aliases: [alias/app'), /keys\.yaml:\d+:\d+/],
  ['unknown field', good.replace('aliases:', 'aliasses:'), /keys\.yaml:7:5/],
  ['bad duration', good + '    expiration: { validFor: 10x, renewBefore: 1d }\n', /keys\.yaml:8:\d+/],
  ['incompatible wrapping', good.replace('RSAES_OAEP_SHA_256, keySpec: RSA_2048', 'RSA_AES_KEY_WRAP_SHA_256, keySpec: RSA_3072'), /RSAES_OAEP_SHA_256.*RSAES_OAEP_SHA_1|RSAES_OAEP_SHA_1.*RSAES_OAEP_SHA_256/s],
  ['missing material', good.replace('m.bin', 'missing.bin'), /keys\.yaml:5:\d+/],
  ['wrong kcv', good.replace('{ file: m.bin }', '{ file: m.bin, kcv: "abcdef" }'), /kcv/i],
  ['unknown bucket key', good + 'buckets:\n  b: { key: nope }\n', /keys\.yaml:9:\d+/],
  ['validFor over 365d on aws', good.replace('keys:', 'providers:\n  cloud: { type: aws, region: eu-west-1 }\nkeys:').replace('    material:', '    provider: cloud\n    expiration: { validFor: 400d, renewBefore: 30d }\n    material:'), /365/],
];

describe('bad manifests through the CLI', () => {
  const dir = tempDir();
  const statePath = join(dir, '.reconcile', 'local-state.json');
  let before = '';
  beforeAll(() => {
    expect(cli(['material', 'generate', '--out', 'm.bin'], dir).code).toBe(0);
    write(dir, 'keys.yaml', good);
    expect(cli(['--apply', '--auto-approve'], dir).code).toBe(0);
    expect(existsSync(statePath)).toBe(true);
    before = readFileSync(statePath, 'utf8');
  });

  it.each(cases)('%s', (_name, text, expected) => {
    write(dir, 'keys.yaml', text);
    for (const args of [['validate'], ['--plan'], ['--apply', '--auto-approve'], ['status']]) {
      const r = cli(args, dir);
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr).toMatch(/keys\.yaml:\d+:\d+/);
      expect(r.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace
    }
    expect(readFileSync(statePath, 'utf8')).toBe(before);
  });
});
