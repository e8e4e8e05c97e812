import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/core/plan/index.js';
import type { DesiredState, LiveState } from '../../src/core/types.js';
import { renderMarkdown, renderText } from '../../src/render/index.js';

/** Text and Markdown read in apply order: top to bottom never shows a step before one it waits for. */
const root = join(import.meta.dirname, '../scenarios');
const cases = readdirSync(root).filter((n) => statSync(join(root, n)).isDirectory()).sort();

function docOf(name: string) {
  const read = <T>(f: string): T => JSON.parse(readFileSync(join(root, name, f), 'utf8')) as T;
  return plan(read<DesiredState>('desired.json'), read<LiveState>('live.json'), new Date(readFileSync(join(root, name, 'now.txt'), 'utf8').trim()), { toolVersion: 't' });
}

/** The action ids in the order a rendering lists them, found by their `kind target` text. */
function orderIn(text: string, doc: ReturnType<typeof docOf>, pattern: (kind: string, target: string) => string): string[] {
  const at = doc.actions.map((a) => ({ id: a.id, pos: text.indexOf(pattern(a.kind, a.target)) }));
  for (const x of at) expect(x.pos, `${x.id} is rendered`).toBeGreaterThanOrEqual(0);
  return at.sort((a, b) => a.pos - b.pos).map((x) => x.id);
}

describe.each(cases)('scenario %s', (name) => {
  const doc = docOf(name);
  const applyOrder = doc.actions.map((a) => a.id);

  it('the text plan lists every step in apply order, numbered', () => {
    const text = renderText(doc, { color: false });
    const ids = doc.actions.map((a, i) => ({ a, line: `${String(i + 1).padStart(String(doc.actions.length).length)}. ` }));
    expect(orderIn(text, doc, (k, t) => `${k} ${t}`)).toEqual(applyOrder);
    for (const { line } of ids) expect(text).toContain(line);
    for (const a of doc.actions) for (const d of a.dependsOn) expect(applyOrder.indexOf(d)).toBeLessThan(applyOrder.indexOf(a.id));
  });

  it('the Markdown details list every step in apply order', () => {
    const md = renderMarkdown(doc);
    const details = md.slice(md.indexOf('<details>'));
    if (doc.actions.length > 0) expect(orderIn(details, doc, (k, t) => `\`${k}\` \`${t}\``)).toEqual(applyOrder);
  });

  it('diagnostics read in the error[code]: form', () => {
    const text = renderText(doc, { color: false });
    for (const d of doc.diagnostics) expect(text).toContain(`${d.severity}[${d.code}]: ${d.summary}`);
  });
});

describe('the mixed scenario', () => {
  const doc = docOf('mixed-with-destructive');
  const text = renderText(doc, { color: false });

  it('shows the re-encryption of a bucket above the retirement of the key it moves away from', () => {
    expect(text.indexOf('reencrypt-objects ledger-archive')).toBeLessThan(text.indexOf('schedule-key-deletion ledger-1 '));
    expect(text).toMatch(/schedule-key-deletion ledger-1 \(destructive\)\n.*\n\s+after steps [\d, ]+\n/);
  });
});

it('counts a first bucket default encryption as a change, not a create', () => {
  const text = renderText(docOf('fresh'), { color: false });
  expect(text).toMatch(/put-bucket-encryption payments-data/);
  expect(text).toMatch(/^Plan: 2 to create, 1 to import, 1 to change, 0 destructive\.$/m);
});
