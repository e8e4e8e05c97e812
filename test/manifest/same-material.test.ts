import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/index.js';
import { tempDir } from '../e2e/cli.js';

describe('the same material in two keys', () => {
  it('is a warning naming both keys, at the second key; different materials are not', async () => {
    const dir = tempDir('byok-same-');
    const m = randomBytes(32);
    writeFileSync(join(dir, 'a.bin'), m, { mode: 0o600 });
    writeFileSync(join(dir, 'c.bin'), m, { mode: 0o600 });
    writeFileSync(join(dir, 'b.bin'), randomBytes(32), { mode: 0o600 });
    writeFileSync(join(dir, 'keys.yaml'), 'version: 1\nname: same\nkeys:\n  a:\n    material: { file: a.bin }\n  b:\n    material: { file: b.bin }\n  c:\n    material: { env: C_KEY }\n');
    const { desired, diagnostics } = await loadManifest('keys.yaml', { env: { C_KEY: m.toString('base64') }, cwd: dir });
    expect(desired).not.toBeNull();
    const dup = diagnostics.filter((d) => d.code === 'material.duplicate');
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatchObject({ severity: 'warning', summary: 'keys `a` and `c` have the same key material', path: 'keys.c.material', pos: { line: 9 } });
    expect(JSON.stringify(diagnostics)).not.toContain(m.toString('hex'));
  });
});
