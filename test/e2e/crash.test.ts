import { describe, expect, it } from 'vitest';
import { cli, cliAsync, show, tempDir, write } from './cli.js';

/**
 * Kill -9 an apply at varied points, then re-run: the next runs converge to exactly one usable key
 * per manifest key, aliases and bucket in place, and a plan with no changes. Keys left without
 * material by a killed create are the only extras allowed, and they end scheduled for deletion.
 */
/**
 * Prints a material file as base64 (after a delay, when given). When the file
 * `victim` names it, its second read by the same process (the import's; the first is the KCV at
 * load) waits until the other five keys have material in the state file, then kills that process
 * with SIGKILL instead of answering: a kill -9 in the middle of an apply, whatever the machine's load.
 */
const SLOW_CAT = `const fs = require('node:fs');
const [file, delay] = process.argv.slice(2);
const counter = 'reads-' + process.ppid + '-' + file;
const n = fs.existsSync(counter) ? Number(fs.readFileSync(counter, 'utf8')) : 0;
fs.writeFileSync(counter, String(n + 1));
const victim = n >= 1 && fs.existsSync('victim') && fs.readFileSync('victim', 'utf8') === file;
const imported = () => { try { return (fs.readFileSync('.reconcile/local-state.json', 'utf8').match(/"imported": true/g) || []).length; } catch { return 0; } };
const started = Date.now();
const tick = () => {
  if (!victim) return process.stdout.write(fs.readFileSync(file).toString('base64'));
  if (imported() >= 5 || Date.now() - started > 30000) return process.kill(process.ppid, 'SIGKILL');
  setTimeout(tick, 50);
};
setTimeout(tick, Number(delay));
`;

describe('crash safety of apply', () => {
  it('converges after being killed at random points', async () => {
    const dir = tempDir();
    const keys: string[] = [];
    write(dir, 'slow-cat.cjs', SLOW_CAT);
    for (let i = 0; i < 6; i++) {
      expect(cli(['material', 'generate', '--out', `m${i}.bin`], dir).code).toBe(0);
      keys.push(`  k${i}:\n    material: { command: [${process.execPath}, slow-cat.cjs, m${i}.bin, '0'] }\n    aliases: [alias/k${i}]\n`);
    }
    write(dir, 'keys.yaml', `version: 1\nname: crash-e2e\ndefaults:\n  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }\nkeys:\n${keys.join('')}buckets:\n  crash-bucket: { key: k0 }\n`);
    expect(cli(['local', 'create-bucket', 'crash-bucket'], dir).code).toBe(0);

    // Kill points counted in action log lines (each action logs when it starts and when it ends),
    // so some kills land between actions and some while an action is in flight.
    const progress: number[] = [];
    // First a kill from inside, independent of how fast this process reacts: k5's material command,
    // read for its import, kills the apply (kill -9) after the other imports have had time to land.
    write(dir, 'victim', 'm5.bin');
    await new Promise((r) => cliAsync(['--apply', '--auto-approve', '--log-format', 'json'], dir).once('exit', r));
    write(dir, 'victim', '');
    progress.push(show(dir).keys.filter((k) => k.keyState === 'Enabled').length);
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
