import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO } from './cli.js';

/** The GitHub Actions example installs the tool the way it can be installed today: from its repository. */
describe('deploy/github-actions/reconcile.yml', () => {
  const wf = parse(readFileSync(join(REPO, 'deploy/github-actions/reconcile.yml'), 'utf8')) as { env: Record<string, string>; jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, string> }[] }> };
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string>; scripts: Record<string, string> };

  it.each(['plan', 'apply'])('the %s job checks out the tool, builds it and installs `reconcile` before using it', (job) => {
    const steps = wf.jobs[job]!.steps;
    const checkout = steps.findIndex((s) => s.uses?.startsWith('actions/checkout') && s.with?.path === '.byok-reconciler');
    expect(checkout).toBeGreaterThan(-1);
    expect(steps[checkout]!.with).toMatchObject({ repository: '${{ env.RECONCILE_REPOSITORY }}', ref: '${{ env.RECONCILE_REF }}' });
    const install = steps.findIndex((s) => s.run?.includes('npm install --global ./.byok-reconciler'));
    expect(install).toBeGreaterThan(checkout);
    expect(steps[install]!.run).toContain('npm run build --prefix .byok-reconciler');
    const firstUse = steps.findIndex((s) => /^reconcile --(plan|apply)/m.test(s.run ?? ''));
    expect(firstUse).toBeGreaterThan(install);
  });

  it('does not install from the npm registry, where the package is not published', () => {
    const text = readFileSync(join(REPO, 'deploy/github-actions/reconcile.yml'), 'utf8');
    expect(text).not.toMatch(/npm install --global byok-reconciler@/);
    // What the install relies on: the package builds itself and ships the `reconcile` command.
    expect(pkg.scripts.build).toBeDefined();
    expect(pkg.bin.reconcile).toBe('bin/reconcile.js');
  });
});
