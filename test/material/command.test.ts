import { describe, expect, it } from 'vitest';
import type { MaterialSource } from '../../src/core/types.js';
import { readMaterial } from '../../src/material/index.js';
import { CANARY, expectNoCanary, tmp, userError } from './helpers.js';

const t = tmp();
let n = 0;
/** The script goes in a file, so the argv (which diagnostics partly show) never holds the canary. */
const node = (script: string, timeoutMs = 10_000): MaterialSource => {
  const path = t.write(`helper-${n++}.cjs`, script);
  return { type: 'command', argv: [process.execPath, path], timeoutMs };
};
const B64 = CANARY.toString('base64');

describe('command source', () => {
  it('reads base64 from stdout', async () => {
    const { material } = await readMaterial(node(`process.stdout.write(${JSON.stringify(`${B64}\n`)})`), t.dir, 'SYMMETRIC_DEFAULT');
    expect(material.equals(CANARY)).toBe(true);
  });

  it('runs argv without a shell: metacharacters are plain arguments', async () => {
    const script = `process.stdout.write(process.argv[2] === '$(echo hi); *' ? ${JSON.stringify(B64)} : 'x')`;
    const src: MaterialSource = { type: 'command', argv: [...(node(script) as { argv: string[] }).argv, '$(echo hi); *'], timeoutMs: 10_000 };
    expect((await readMaterial(src, t.dir, 'SYMMETRIC_DEFAULT')).material.equals(CANARY)).toBe(true);
  });

  it('kills the command at the timeout', async () => {
    const started = Date.now();
    const d = await userError(() => readMaterial(node('setTimeout(() => {}, 30000)', 300), t.dir, 'SYMMETRIC_DEFAULT'));
    expect(d.code).toBe('material.command-failed');
    expect(d.summary).toContain('did not finish within 0.3s');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reports a non-zero exit with byte counts and how to run it by hand, never its stdout or stderr', async () => {
    const script = `process.stdout.write(${JSON.stringify(B64)}); console.error('token=' + ${JSON.stringify(B64)}); process.exit(3)`;
    const src = node(script);
    const d = await userError(() => readMaterial(src, t.dir, 'SYMMETRIC_DEFAULT'));
    expect(d.code).toBe('material.command-failed');
    expect(d.summary).toContain('exited with code 3');
    expect(d.detail).toContain(`wrote ${B64.length} bytes on stdout and ${B64.length + 7} bytes on stderr`);
    expect(d.detail).toContain(`Run it by hand in ${t.dir}`);
    expect(d.detail).not.toContain('token=');
    expectNoCanary(`${d.summary}\n${d.detail}`);
  });

  it('reports the signal that killed it', async () => {
    const d = await userError(() => readMaterial(node(`console.error(${JSON.stringify(B64)}); process.kill(process.pid, 'SIGTERM')`), t.dir, 'SYMMETRIC_DEFAULT'));
    expect(d.summary).toContain('was killed by SIGTERM');
    expectNoCanary(`${d.summary}\n${d.detail}`);
  });

  it('kills the whole process group at the timeout, even when a grandchild keeps stdout open', async () => {
    const pidFile = `${t.dir}/grandchild.pid`;
    // The child starts a long sleeper that inherits stdout, then exits non-zero; the read must not wait for the sleeper.
    const script = `const c = require('child_process').spawn('sleep', ['1000'], { stdio: ['ignore', 'inherit', 'inherit'] }); require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid)); setTimeout(() => process.exit(0), 50)`;
    const started = Date.now();
    const d = await userError(() => readMaterial(node(script, 1000), t.dir, 'SYMMETRIC_DEFAULT'));
    expect(d.summary).toContain('did not finish within 1s');
    expect(Date.now() - started).toBeLessThan(4_000);
    const { readFileSync } = await import('node:fs');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    // Gone, or a zombie waiting for its (re)parent to reap it: either way no longer running.
    const state = (() => {
      try {
        return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
      } catch {
        return 'gone';
      }
    })();
    expect(['gone', 'Z']).toContain(state);
  });

  it('reports a command that cannot be started', async () => {
    const d = await userError(() => readMaterial({ type: 'command', argv: ['/nonexistent/byok-helper'], timeoutMs: 1000 }, t.dir, 'SYMMETRIC_DEFAULT'));
    expect(d.code).toBe('material.command-failed');
    expect(d.summary).toContain('ENOENT');
  });

  it('refuses output that is not base64, or of the wrong size, without echoing it', async () => {
    const raw = await userError(() => readMaterial(node(`process.stdout.write(${JSON.stringify(CANARY.toString('latin1'))})`), t.dir, 'SYMMETRIC_DEFAULT'));
    expect(raw.code).toBe('material.malformed');
    expectNoCanary(`${raw.summary}\n${raw.detail}`);
    const short = await userError(() => readMaterial(node(`process.stdout.write(${JSON.stringify(CANARY.subarray(0, 16).toString('base64'))})`), t.dir, 'SYMMETRIC_DEFAULT'));
    expect(short.code).toBe('material.size');
    const empty = await userError(() => readMaterial(node(''), t.dir, 'SYMMETRIC_DEFAULT'));
    expect(empty.code).toBe('material.missing');
  });

  it('kills a command that floods stdout', async () => {
    const d = await userError(() => readMaterial(node(`const b = 'A'.repeat(1 << 16); for (;;) process.stdout.write(b)`), t.dir, 'SYMMETRIC_DEFAULT'));
    expect(d.code).toBe('material.malformed');
    expect(d.summary).toContain('more than');
  });
});
