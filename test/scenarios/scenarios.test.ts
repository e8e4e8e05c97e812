import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/core/plan/index.js';
import type { DesiredState, LiveState } from '../../src/core/types.js';
import { renderJson, renderMarkdown, renderText } from '../../src/render/index.js';
import { simulateApply } from '../core/simulate-apply.js';

/**
 * One folder per scenario: desired.json (a DesiredState), live.json (a LiveState) and now.txt are
 * the inputs; plan.txt, plan.md and plan.json are the golden outputs. With CI=true vitest fails on
 * a difference instead of writing, so CI never rewrites them; locally `vitest -u` updates them.
 */
const here = dirname(fileURLToPath(import.meta.url));
const cases = readdirSync(here).filter((n) => statSync(join(here, n)).isDirectory()).sort();

const read = <T>(dir: string, file: string): T => JSON.parse(readFileSync(join(here, dir, file), 'utf8')) as T;

describe.each(cases)('scenario %s', (name) => {
  const desired = read<DesiredState>(name, 'desired.json');
  const live = read<LiveState>(name, 'live.json');
  const now = new Date(readFileSync(join(here, name, 'now.txt'), 'utf8').trim());
  const doc = plan(desired, live, now, { toolVersion: '0.0.0-golden' });

  it('renders the golden text, markdown and JSON', async () => {
    await expect(renderText(doc, { color: false })).toMatchFileSnapshot(join(here, name, 'plan.txt'));
    await expect(renderMarkdown(doc)).toMatchFileSnapshot(join(here, name, 'plan.md'));
    await expect(renderJson(doc)).toMatchFileSnapshot(join(here, name, 'plan.json'));
  });

  it('the saved JSON renders exactly like the plan it came from', () => {
    const saved = JSON.parse(renderJson(doc)) as typeof doc;
    expect(renderText(saved, { color: true })).toBe(renderText(doc, { color: true }));
    expect(renderMarkdown(saved)).toBe(renderMarkdown(doc));
  });

  it('plans no changes once its actions are applied', () => {
    const after = simulateApply(live, doc, now);
    expect(plan(desired, after, now, { toolVersion: '0.0.0-golden' }).actions).toEqual([]);
  });
});
