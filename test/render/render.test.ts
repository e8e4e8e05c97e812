import { describe, expect, it } from 'vitest';
import type { ApplyReport, KeySummary, PlanDocument } from '../../src/core/types.js';
import { renderApplyReport, renderJson, renderMarkdown, renderStatus, renderText } from '../../src/render/index.js';
import { summaryLine } from '../../src/render/vocabulary.js';
import { days, desiredKey, desiredState, KCV_B, steadyLive } from '../core/fixtures.js';
import { run } from '../core/helpers.js';

const ESC = '\u001b[';
const rotation = (): PlanDocument =>
  run(desiredState([desiredKey({ kcv: KCV_B, retire: { action: 'disable', afterMs: 0, pendingWindowDays: 30 } })]), steadyLive());

describe('renderText', () => {
  it('uses ANSI colour only when asked', () => {
    const doc = rotation();
    expect(renderText(doc, { color: false })).not.toContain(ESC);
    expect(renderText(doc, { color: true })).toContain(ESC);
    expect(renderText(doc, { color: true }).replace(/\u001b\[[0-9;]*m/g, '')).toBe(renderText(doc, { color: false }));
  });

  it('marks destructive actions and counts them', () => {
    const text = renderText(rotation(), { color: false });
    expect(text).toContain('7. - disable-key key-1 (destructive)');
    expect(text.trimEnd().split('\n').pop()).toBe('Plan: 1 to create, 1 to import, 1 to move, 1 to change, 1 to re-encrypt, 1 to tag, 1 to disable, 1 destructive.');
  });

  it('says there are no changes for an empty plan', () => {
    expect(renderText(run(desiredState(), steadyLive()), { color: false })).toContain('No changes. Live state matches keys.yaml.');
  });

  it('names a manifest by its file name only', () => {
    const doc = { ...run(desiredState(), steadyLive()), manifest: { name: 'x', file: '/srv/gitops/prod/keys-prod.yaml', digest: 'd' } };
    expect(renderText(doc, { color: false })).toContain('Live state matches keys-prod.yaml.');
  });
});

describe('summaryLine', () => {
  it('lists only categories present, in a fixed order, and always the destructive count', () => {
    const doc = run(desiredState(), steadyLive({ validTo: new Date(Date.parse('2026-03-01T00:00:00Z') + days(3)).toISOString() }));
    expect(summaryLine(doc.actions)).toBe('Plan: 1 to re-import, 0 destructive.');
  });
});

describe('renderMarkdown', () => {
  it('keeps table cells intact whatever a reason contains', () => {
    const doc = rotation();
    const tricky = { ...doc, actions: doc.actions.map((a, i) => (i === 0 ? { ...a, reason: 'a | b <script>\nc', target: 'x|`y`' } : a)) };
    const md = renderMarkdown(tricky);
    const row = md.split('\n').find((l) => l.includes('a \\| b'));
    expect(row).toBe("| `+` | `create-key` | `x\\|'y'` | a \\| b &lt;script&gt; c |  |");
  });

  it('flags destructive rows and wraps each key in <details>', () => {
    const md = renderMarkdown(rotation());
    expect(md).toMatch(/\| `disable-key` \| `key-1` \| .* \| ⚠️ \|/);
    expect(md).toContain('<details>\n<summary><b>payments</b> (sandbox, kcv bbbbbb): 7 actions</summary>');
  });
});

describe('renderJson', () => {
  it('puts formatVersion first and orders fields the same however the object was built', () => {
    const doc = rotation();
    const reversed = Object.fromEntries(Object.entries(doc).reverse()) as unknown as PlanDocument;
    reversed.actions = doc.actions.map((a) => Object.fromEntries(Object.entries(a).reverse()) as unknown as typeof a);
    expect(renderJson(reversed)).toBe(renderJson(doc));
    expect(renderJson(doc).split('\n')[1]).toBe('  "formatVersion": 1,');
    expect(JSON.parse(renderJson(doc))).toEqual(doc);
  });
});

describe('renderApplyReport', () => {
  const report: ApplyReport = {
    outcomes: [
      { id: 'a', kind: 'create-key', target: 'payments generation 2', result: 'applied', keyId: 'key-2' },
      { id: 'b', kind: 'import-material', target: 'payments generation 2', result: 'failed', message: 'material has kcv 111111, expected bbbbbb', code: 'material.kcv-mismatch' },
      { id: 'c', kind: 'update-alias', target: 'alias/payments', result: 'skipped', message: 'a dependency failed' },
    ],
    applied: 1,
    failed: 1,
    skipped: 1,
  };

  it('prints one line per outcome and the summary', () => {
    expect(renderApplyReport(report, { color: false })).toBe(
      [
        '✓ create-key payments generation 2 → key-2',
        '✗ import-material payments generation 2 failed: material has kcv 111111, expected bbbbbb [material.kcv-mismatch]',
        '– update-alias alias/payments skipped: a dependency failed',
        '',
        'Apply complete: 1 applied, 1 failed, 1 skipped.',
        '',
      ].join('\n'),
    );
    expect(renderApplyReport(report, { color: true })).toContain(ESC);
  });
});

describe('renderStatus', () => {
  const rows: KeySummary[] = [
    { keyName: 'payments', provider: 'sandbox', generation: 2, keyId: 'key-2', state: 'Enabled', validTo: '2027-01-01T00:00:00.000Z', daysLeft: 306, kcv: 'bbbbbb' },
    { keyName: 'audit', provider: 'tokyo', generation: 1, keyId: 'a-1', state: 'Enabled', validTo: null, daysLeft: null, kcv: 'dddddd' },
    { keyName: 'ledger', provider: 'sandbox', generation: null, keyId: null, state: 'absent', validTo: null, daysLeft: null, kcv: 'c0ffee' },
  ];

  it('aligns a table of keys', () => {
    expect(renderStatus(rows, { color: false })).toBe(
      [
        'KEY       PROVIDER  GEN  KEY ID  STATE    VALID TO                  DAYS LEFT',
        'payments  sandbox   2    key-2   Enabled  2027-01-01T00:00:00.000Z  306',
        'audit     tokyo     1    a-1     Enabled  –                         never expires',
        'ledger    sandbox   –    –       absent   –                         –',
        '',
      ].join('\n'),
    );
  });

  it('colours what needs attention only when asked', () => {
    const coloured = renderStatus(rows, { color: true });
    expect(coloured.split('\n')[3]).toContain(`${ESC}31m`);
    expect(coloured.split('\n')[1]).not.toContain(ESC);
    expect(renderStatus([], { color: false })).toBe('No managed keys.\n');
  });
});
