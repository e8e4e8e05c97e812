import type { KeySummary } from '../core/types.js';
import { paint } from './ansi.js';
import { lifeOf } from './groups.js';

const HEAD = ['KEY', 'PROVIDER', 'GEN', 'KEY ID', 'STATE', 'VALID TO', 'DAYS LEFT'];

/** A fixed-width table of keys; colour marks what needs attention (expired, no material, < 30 days). */
export function renderStatus(keys: readonly KeySummary[], opts: { color: boolean }): string {
  if (keys.length === 0) return 'No managed keys.\n';
  const p = paint(opts.color);
  const rows = keys.map((k) => [
    k.keyName,
    k.provider,
    k.generation === null ? '–' : String(k.generation),
    k.keyId ?? '–',
    k.state,
    k.validTo ?? '–',
    k.daysLeft === null ? lifeOf(k) : String(k.daysLeft),
  ]);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const out = [p.bold(line(HEAD))];
  keys.forEach((k, i) => {
    const text = line(rows[i] ?? []);
    out.push(urgent(k) ? p.red(text) : soon(k) ? p.yellow(text) : text);
  });
  return `${out.join('\n')}\n`;
}

function urgent(k: KeySummary): boolean {
  return (k.daysLeft !== null && k.daysLeft < 0) || k.state === 'PendingImport' || k.state === 'absent';
}

function soon(k: KeySummary): boolean {
  return k.daysLeft !== null && k.daysLeft < 30;
}
