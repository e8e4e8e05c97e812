import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadDesired } from '../../src/engine/session.js';

const DEPLOY = resolve(import.meta.dirname, '../../deploy');
const yamlOf = (path: string) => parse(readFileSync(join(DEPLOY, path), 'utf8')) as Record<string, any>;

/** Docker cannot run here: the deployment examples are checked as text and as parsed YAML. */
describe('deploy/ examples', () => {
  it('every YAML file parses', () => {
    const files = [...readdirSync(join(DEPLOY, 'kubernetes')).map((f) => `kubernetes/${f}`), 'github-actions/reconcile.yml'];
    for (const f of files) for (const doc of parseAllDocuments(readFileSync(join(DEPLOY, f), 'utf8'))) expect(doc.errors, f).toEqual([]);
  });

  it('the Dockerfile builds on node:20-slim, installs production dependencies after the build, runs as non-root', () => {
    const text = readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8');
    const from = [...text.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(from).toEqual(['node:20-slim', 'node:20-slim']);
    expect(text.indexOf('npm run build')).toBeLessThan(text.indexOf('npm ci --omit=dev'));
    expect(text).toMatch(/^USER 10001:10001$/m);
    expect(text).toMatch(/^ENTRYPOINT \["reconcile"\]$/m);
  });

  it('the Deployment probes /healthz on the metrics port and mounts the material Secret 0400', () => {
    const d = yamlOf('kubernetes/deployment.yaml');
    const pod = d.spec.template.spec;
    const c = pod.containers[0];
    expect(c.args[0]).toBe('daemon');
    expect(c.args).toContain('--metrics-addr=0.0.0.0:9464');
    expect(c.ports[0]).toMatchObject({ name: 'metrics', containerPort: 9464 });
    for (const probe of [c.readinessProbe, c.livenessProbe]) expect(probe.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
    expect(pod.volumes.find((v: any) => v.secret)?.secret.defaultMode).toBe(0o400);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(d.spec.replicas).toBe(2);
  });

  it('the CronJob runs daemon --once with the same volumes', () => {
    const job = yamlOf('kubernetes/cronjob.yaml');
    const pod = job.spec.jobTemplate.spec.template.spec;
    expect(pod.containers[0].args.slice(0, 2)).toEqual(['daemon', '--once']);
    expect(job.spec.concurrencyPolicy).toBe('Forbid');
    expect(pod.volumes.map((v: any) => v.name)).toEqual(yamlOf('kubernetes/deployment.yaml').spec.template.spec.volumes.map((v: any) => v.name));
  });

  it('the ConfigMap holds a manifest that validates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'byok-deploy-'));
    const text = String(yamlOf('kubernetes/configmap.yaml').data['keys.yaml']);
    // Same manifest with the Secret's mount point moved here and the example KCV dropped.
    writeFileSync(join(dir, 'keys.yaml'), text.replaceAll('/secrets/material/', `${dir}/`).replace(/\n\s*kcv: \w+[^\n]*/, ''));
    for (const m of ['payments.bin', 'orders.bin']) writeFileSync(join(dir, m), Buffer.alloc(32, 7), { mode: 0o600 });
    const { desired } = await loadDesired('keys.yaml', dir, {});
    expect(desired.keys.map((k) => [k.name, k.provider])).toEqual([['payments', 'tokyo'], ['orders', 'tokyo']]);
    // Two Deployment replicas are safe only with the lease lock that spans pods.
    const tokyo = desired.providers.tokyo;
    expect(tokyo?.type === 'aws' ? tokyo.lock?.bucket : undefined).toBe('payments-prod-byok-locks');
  });

  it('the workflow comments the Markdown plan on pull requests and applies on main', () => {
    const wf = yamlOf('github-actions/reconcile.yml');
    const run = (job: string) => (wf.jobs[job].steps as { run?: string }[]).map((s) => s.run ?? '').join('\n');
    expect(run('plan')).toMatch(/reconcile --plan .*--format markdown --detailed-exitcode/);
    expect(wf.jobs.plan.permissions['pull-requests']).toBe('write');
    expect(wf.jobs.apply.if).toMatch(/refs\/heads\/main/);
    expect(run('apply')).toMatch(/reconcile --apply .*--auto-approve/);
    expect(wf.jobs.apply.concurrency['cancel-in-progress']).toBe(false);
  });
});
