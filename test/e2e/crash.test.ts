import { describe, expect, it } from 'vitest';
import { cli, cliAsync, show, tempDir, write } from './cli.js';

/**
 * Kill -9 an apply at varied points, then re-run: the next runs converge to exactly one usable key
 * per manifest key, aliases and bucket in place, and a plan with no changes. Keys left without
 * material by a killed create are the only extras allowed, and they end scheduled for deletion.
 */
describe('crash safety of apply', () => {
  it('converges after being killed at random points', async () => {
    const dir = tempDir();
    const keys: string[] = [];
    for (let i = 0; i < 6; i++) {
      expect(cli(['material', 'generate', '--out', `m${i}.bin`], dir).code).toBe(0);
      keys.push(`  k${i}:\n    material: { file: m${i}.bin }\n    aliases: [alias/k${i}]\n`);
    }
    write(dir, 'keys.yaml', `version: 1\nname: crash-e2e\ndefaults:\n  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }\nkeys:\n${keys.join('')}buckets:\n  crash-bucket: { key: k0 }\n`);
    expect(cli(['local', 'create-bucket', 'crash-bucket'], dir).code).toBe(0);

    // Kill points counted in action log lines (each action logs when it starts and when it ends),
    // so some kills land between actions and some while an action is in flight.
    const progress: number[] = [];
    for (const killAfter of [1, 2, 4, 7, 10, 13, 17, 21]) {
      const child = cliAsync(['--apply', '--auto-approve', '--log-format', 'json'], dir);
      let seen = 0;
      child.stderr.on('data', (chunk: Buffer) => {
        seen += chunk.toString().split('\n').filter((l) => l.includes('"action"')).length;
        if (seen >= killAfter) child.kill('SIGKILL');
      });
      await new Promise((r) => child.once('exit', r));
      progress.push(show(dir).keys.filter((k) => k.keyState === 'Enabled').length);
    }
    // The kills must really have landed mid-apply: some run left keys created but not all usable.
    expect(progress.some((n) => n > 0 && n < 6), `enabled keys after each kill: ${progress.join(',')}`).toBe(true);
    let last = cli(['--apply', '--auto-approve'], dir);
    if (last.code !== 0) last = cli(['--apply', '--auto-approve'], dir);
    expect(last.code, last.stderr + last.stdout).toBe(0);
    expect(cli(['--plan', '--detailed-exitcode'], dir).code).toBe(0);

    const state = show(dir);
    for (let i = 0; i < 6; i++) {
      const mine = state.keys.filter((k) => k.tags['byok:key'] === `k${i}`);
      const usable = mine.filter((k) => k.keyState !== 'PendingDeletion');
      expect(usable.map((k) => k.keyState), `k${i}`).toEqual(['Enabled']);
      expect(usable[0]!.aliases).toEqual([`alias/k${i}`]);
      for (const extra of mine.filter((k) => k !== usable[0])) expect(extra.keyState).toBe('PendingDeletion');
    }
  }, 240_000);
});
