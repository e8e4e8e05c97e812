import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Start-up cost is mostly module loading: commands load only what they use. The real CLI
 * (bin/reconcile.js over dist/, so `npm run build` first) runs with a resolve hook that lists
 * every module it loads.
 */
const REPO = join(import.meta.dirname, '..', '..');
const HOOK = join(REPO, 'test', 'fixtures', 'startup', 'trace-modules.mjs');

function modulesOf(args: string[]): string[] {
  const run = spawnSync(process.execPath, ['--import', HOOK, join(REPO, 'bin', 'reconcile.js'), ...args], { encoding: 'utf8', cwd: REPO });
  return run.stderr.split('\n').filter((l) => l.startsWith('MODULE ')).map((l) => l.slice('MODULE '.length));
}

describe('start-up', () => {
  it('--version loads no command, no SDK, no YAML or schema library', () => {
    const loaded = modulesOf(['--version']);
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((m) => /\/commands\/|@aws-sdk|\/yaml\/|\/ajv\/|\/engine\/|\/sim\//.test(m))).toEqual([]);
    expect(loaded.length).toBeLessThan(15);
  });

  it('validate loads neither the AWS SDK nor ajv (the schema is compiled at build time)', () => {
    const loaded = modulesOf(['validate', '-f', 'keys.yaml']);
    expect(loaded.some((m) => m.includes('/commands/validate.js'))).toBe(true);
    expect(loaded.filter((m) => /@aws-sdk|@smithy|\/ajv\/dist\/(core|compile|2020)/.test(m))).toEqual([]);
  });
});
