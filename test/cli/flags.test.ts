import { describe, expect, it } from 'vitest';
import { SPECS } from '../../src/cli/specs.js';
import { reconcile } from './helpers.js';

/** Flag mistakes are the user's: exit 1, the flag named, a did-you-mean, the usage line; never `internal`. */
describe('flag mistakes', () => {
  it.each([
    [['--plan', '--fromat', 'json'], /unknown flag --fromat\n  Did you mean --format\?/, 'reconcile --plan '],
    [['plan', '--fromat', 'json'], /unknown flag --fromat\n  Did you mean --format\?/, 'reconcile --plan '],
    [['--plan', '-f'], /-f needs a value \(FILE\)/, 'reconcile --plan '],
    [['--plan', '-f', '--format', 'json'], /-f needs a value/, 'reconcile --plan '],
    [['--apply', '-auto-approve'], /unknown flag -auto-approve\n  Did you mean --auto-approve\?/, 'reconcile --apply '],
    [['status', '--colour'], /unknown flag --colour\n  Did you mean --color\?/, 'reconcile status '],
    [['validate', 'extra'], /unexpected argument "extra"/, 'reconcile validate '],
    [['daemon', '--schedul', '* * * * *'], /Did you mean --schedule\?/, 'reconcile daemon '],
    [['material', 'generate', '--outt', 'x.bin'], /Did you mean --out\?/, 'reconcile material generate '],
    [['sandbox', '--prot', '1'], /Did you mean --port\?/, 'reconcile sandbox '],
    [['--apply', '--auto-approve=yes'], /--auto-approve takes no value/, 'reconcile --apply '],
  ])('%j', async (argv, message, usage) => {
    const r = await reconcile(argv, undefined, { BYOK_DEBUG: '1' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error\[cli\.usage\]: /);
    expect(r.err).toMatch(message);
    expect(r.err).toContain(`Usage: ${usage}`);
    expect(r.err).not.toContain('internal');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe('');
  });

  it('suggests a command for a typo and lists the usage', async () => {
    const r = await reconcile(['stauts']);
    expect(r).toMatchObject({ code: 1 });
    expect(r.err).toMatch(/unknown command "stauts"\n  Did you mean `reconcile status`\?/);
  });

  it('accepts a value that starts with a dash where it cannot be a flag (--at -2h)', async () => {
    const r = await reconcile(['--plan', '--at', '-2h']);
    expect(r.err).not.toContain('needs a value');
  });
});

describe('--help, aliases and version', () => {
  const helps: [string[], string][] = [
    [['status', '--help'], 'reconcile status'],
    [['daemon', '--help'], 'reconcile daemon'],
    [['validate', '--help'], 'reconcile validate'],
    [['--plan', '--help'], 'reconcile --plan'],
    [['--apply', '--help'], 'reconcile --apply'],
    [['plan', '-h'], 'reconcile --plan'],
    [['apply', '--help'], 'reconcile --apply'],
    [['help', 'status'], 'reconcile status'],
    [['material', 'generate', '--help'], 'reconcile material generate'],
    [['material', 'kcv', '--help'], 'reconcile material kcv'],
    [['material', 'wrap', '--help'], 'reconcile material wrap'],
    [['local', 'create-bucket', '--help'], 'reconcile local create-bucket'],
    [['local', 'show', '--help'], 'reconcile local show'],
    [['sandbox', '--help'], 'reconcile sandbox'],
  ];
  it.each(helps)('%j prints its usage and flags, exit 0', async (argv, usage) => {
    const r = await reconcile(argv);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^Usage: ${usage.replace(/[-]/g, '\\-')}`));
    expect(r.out).toContain('Flags:\n');
    expect(r.out).toContain('--help');
  });

  it('every flag a command accepts is in its help, from the shared definitions', async () => {
    for (const spec of Object.values(SPECS)) {
      const words = spec.words.split(' ');
      const r = await reconcile([...words, '--help']);
      for (const use of spec.flags) expect(r.out, `${spec.words} --help`).toContain(`--${typeof use === 'string' ? use : use.name}`);
    }
  });

  it.each([['version'], ['--version'], ['-V']])('%s prints the version', async (flag) => {
    expect(await reconcile([flag])).toEqual({ code: 0, out: 'byok-reconciler 0.1.0\n', err: '' });
  });

  it('`reconcile plan` is `reconcile --plan`', async () => {
    const a = await reconcile(['plan', '-f', 'missing.yaml']);
    const b = await reconcile(['--plan', '-f', 'missing.yaml']);
    expect(a.code).toBe(1);
    expect(a.err.replace(/byok-cli-\w+/g, '')).toBe(b.err.replace(/byok-cli-\w+/g, ''));
  });
});
