import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { material } from './cli-helpers.js';

/** `material generate` on a fresh clone: missing folders made 0700, and never a plaintext key git would pick up. */
const fresh = () => mkdtempSync(join(tmpdir(), 'byok-gen-'));
const gitRepo = () => {
  const dir = fresh();
  expect(spawnSync('git', ['init', '-q', dir]).status).toBe(0);
  return dir;
};

describe('material generate --out in a missing folder', () => {
  it('creates the folders 0700 and the file 0600 outside a git work tree', async () => {
    const dir = fresh();
    const r = await material(['generate', '--out', 'material/2027/payments.bin'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(statSync(join(dir, 'material')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'material/2027')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'material/2027/payments.bin')).mode & 0o777).toBe(0o600);
  });
});

describe('material generate in a git work tree', () => {
  it('refuses a path git would not ignore, names the .gitignore line, and writes nothing', async () => {
    const dir = gitRepo();
    const r = await material(['generate', '--out', 'material/payments-2027.bin'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error\[cli\.refused\]: material\/payments-2027\.bin is inside the git work tree .* git would not ignore it/);
    expect(r.stderr).toContain('Add the line `/material/` to ');
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'material'))).toBe(false);
  });

  it('writes once .gitignore has the line', async () => {
    const dir = gitRepo();
    writeFileSync(join(dir, '.gitignore'), '/material/\n');
    const r = await material(['generate', '--out', 'material/payments-2027.bin'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/kcv: [0-9a-f]{6}/);
    const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir, encoding: 'utf8' }).stdout;
    expect(status).not.toContain('payments-2027.bin');
  });

  it('writes anyway with --force', async () => {
    const dir = gitRepo();
    const r = await material(['generate', '--out', 'k.bin', '--force'], dir);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'k.bin'))).toBe(true);
  });

  it("the repository's own .gitignore ignores the README's material folder", () => {
    const repo = join(import.meta.dirname, '../..');
    const r = spawnSync('git', ['check-ignore', '-q', '--no-index', 'material/payments-2027.bin'], { cwd: repo });
    expect(r.status).toBe(0);
  });
});
