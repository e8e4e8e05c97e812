import type { Action, GenerationSummary, KeySummary, PlanDocument } from '../core/types.js';
import { groupsOf, manifestFile, noChangesLine, type Group } from './groups.js';
import { lookOf, summaryLine } from './vocabulary.js';

/** A plan for a pull-request comment: summary, one table, per-key details, warnings. */
export function renderMarkdown(doc: PlanDocument): string {
  const out: string[] = [`### byok-reconciler plan for \`${code(doc.manifest.name)}\``, ''];
  out.push(`**${doc.actions.length === 0 ? noChangesLine(doc) : summaryLine(doc.actions)}**`, '');
  out.push(`<sub>${esc(manifestFile(doc))} · as of ${doc.at} · live state ${doc.liveDigest.slice(0, 19)}…</sub>`, '');
  if (doc.actions.length > 0) {
    out.push('| | Action | Target | Reason | Destructive |', '|:-:|---|---|---|:-:|');
    for (const a of doc.actions) {
      out.push(`| \`${lookOf(a).symbol}\` | \`${a.kind}\` | \`${code(a.target)}\` | ${cell(a.reason)} | ${a.destructive ? '⚠️' : ''} |`);
    }
    out.push('');
  }
  for (const g of groupsOf(doc)) out.push(...details(g, doc.actions));
  const diags = doc.diagnostics;
  if (diags.length > 0) {
    out.push('#### Warnings and errors', '');
    for (const d of diags) {
      const icon = d.severity === 'error' ? '❌' : '⚠️';
      out.push(`- ${icon} **${esc(d.summary)}** \`${d.code}\`${d.detail ? `<br>${esc(d.detail)}` : ''}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** One collapsible section per run of a key's steps, in apply order (as the table above). */
function details(g: Group, all: Action[]): string[] {
  const { key: k, actions } = g;
  const more = g.continued ? ' (continued)' : '';
  const title = k ? `<b>${esc(k.keyName)}</b>${more} (${esc(k.provider)}, kcv ${esc(k.kcv)}): ${plural(actions.length)}` : `<b>Other</b>${more}: ${plural(actions.length)}`;
  const out = ['<details>', `<summary>${title}</summary>`, ''];
  if (k && !g.continued) out.push(...generationTable(k), '');
  const index = new Map(all.map((a, i) => [a.id, i + 1]));
  for (const a of actions) {
    const after = a.dependsOn.length > 0 ? ` — after ${a.dependsOn.map((d) => `#${index.get(d) ?? '?'}`).join(', ')}` : '';
    const mark = a.destructive ? ' ⚠️ destructive' : '';
    out.push(`${index.get(a.id)}. \`${a.kind}\` \`${code(a.target)}\`${mark}: ${esc(a.reason)}${after}`);
  }
  out.push('', '</details>', '');
  return out;
}

/** Every live generation when the document has them (plans do), else the current one. */
function generationTable(k: KeySummary): string[] {
  const out = ['| Generation | Key id | Role | State | ValidTo | Days left | Notes |', '|---|---|---|---|---|---|---|'];
  const gens: GenerationSummary[] = k.generations ?? (k.keyId !== null && k.generation !== null && k.state !== 'absent'
    ? [{ generation: k.generation, keyId: k.keyId, state: k.state, role: 'current', validTo: k.validTo, daysLeft: k.daysLeft, supersededAt: null, deletionDate: null }]
    : []);
  if (gens.length === 0) out.push('| – | – | – | absent | – | – | no live key yet |');
  for (const g of gens) {
    const notes = [g.supersededAt ? `superseded ${g.supersededAt}` : '', g.deletionDate ? `deletion ${g.deletionDate}` : ''].filter(Boolean).join('; ');
    const left = g.daysLeft === null ? (g.state === 'PendingImport' ? 'no material' : g.validTo === null ? 'never expires' : '–') : String(g.daysLeft);
    out.push(`| ${g.generation} | \`${code(g.keyId)}\` | ${g.role} | ${g.state} | ${g.validTo ?? '–'} | ${left} | ${esc(notes) || ' '} |`);
  }
  return out;
}

function plural(n: number): string {
  return `${n} action${n === 1 ? '' : 's'}`;
}

/** Text inside HTML or Markdown: no markup, no table breaks. */
function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function cell(s: string): string {
  return esc(s);
}

/** Inside backticks only a backtick or a pipe can break the table. */
function code(s: string): string {
  return s.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
