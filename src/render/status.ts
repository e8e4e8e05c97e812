import type { KeySummary } from '../core/types.js';
import { paint } from './ansi.js';
import { lifeOf } from './groups.js';

const HEAD = ['KEY', 'PROVIDER', 'GEN', 'KEY ID', 'STATE', 'VALID TO', 'DAYS LEFT'];

/** A fixed-width table of keys; colour marks what needs attention (expired, no material, < 30 days). */
export function renderStatus(keys: readonly KeySummary[], opts: { color: boolean }): string {
  if (keys.length === 0) return 'No managed keys.\n';
  const p = paint(opts.color);
  // In-place keys: one indented row per material under the key (state = the material's state).
  const lines: { row: string[]; alert: 'urgent' | 'soon' | null }[] = [];
  for (const k of keys) {
    lines.push({ row: keyRow(k), alert: urgent(k) ? 'urgent' : soon(k) ? 'soon' : null });
    for (const m of k.materials ?? []) {
      const row = [
        `  material ${m.kcv ?? '?'}`,
        '',
        '',
        m.keyMaterialId || '–',
        m.imported ? m.state : `${m.state}, PENDING_IMPORT`,
        m.validTo ?? '–',
        m.daysLeft === null ? (m.imported ? 'never' : 'expired') : String(m.daysLeft),
      ];
      lines.push({ row, alert: !m.imported || (m.daysLeft !== null && m.daysLeft < 0) ? 'urgent' : m.daysLeft !== null && m.daysLeft < 30 ? 'soon' : null });
    }
  }
  const rows = lines.map((l) => l.row);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const out = [p.bold(line(HEAD))];
  for (const l of lines) {
    const text = line(l.row);
    out.push(l.alert === 'urgent' ? p.red(text) : l.alert === 'soon' ? p.yellow(text) : text);
  }
  return `${out.join('\n')}\n`;
}

function keyRow(k: KeySummary): string[] {
  return [
    k.keyName,
    k.provider,
    k.generation === null ? '–' : String(k.generation),
    k.keyId ?? '–',
    k.state,
    k.validTo ?? '–',
    k.daysLeft === null ? lifeOf(k) : String(k.daysLeft),
  ];
}

function urgent(k: KeySummary): boolean {
  return (k.daysLeft !== null && k.daysLeft < 0) || k.state === 'PendingImport' || k.state === 'absent';
}

function soon(k: KeySummary): boolean {
  return k.daysLeft !== null && k.daysLeft < 30;
}
