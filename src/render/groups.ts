import { plural } from '../core/plan/format.js';
import type { Action, KeySummary, PlanDocument } from '../core/types.js';

/**
 * A display section: a run of consecutive actions (in apply order) that belong to one manifest key;
 * `continued` when that key already had a section above. Actions without a key come under "Other".
 */
export interface Group {
  key: KeySummary | null;
  actions: Action[];
  continued: boolean;
}

/**
 * Sections follow the plan's action order, which is the order apply starts them in: a reader going
 * top to bottom never meets a step before one it waits for (a bucket's re-encryption comes before
 * the old generation's disable, inside its key's section).
 */
export function groupsOf(doc: PlanDocument): Group[] {
  const keys = new Map(doc.keys.map((k) => [k.keyName, k]));
  const seen = new Set<string>();
  const groups: Group[] = [];
  let current: Group | null = null;
  let currentName: string | undefined;
  for (const a of doc.actions) {
    const name = a.keyName !== undefined && keys.has(a.keyName) ? a.keyName : undefined;
    if (current === null || name !== currentName) {
      const id = name ?? '';
      current = { key: name === undefined ? null : keys.get(name)!, actions: [], continued: seen.has(id) };
      seen.add(id);
      currentName = name;
      groups.push(current);
    }
    current.actions.push(a);
  }
  return groups;
}

/** 1-based step numbers, the same in every rendering. */
export function stepNumbers(doc: PlanDocument): Map<string, number> {
  return new Map(doc.actions.map((a, i) => [a.id, i + 1]));
}

/** `payments (provider tokyo): generation 1 (1234abcd), Enabled, 12 days left` */
export function keyLine(k: KeySummary): string {
  if (k.generation === null) return `${k.keyName} (provider ${k.provider}): no key carries this material yet`;
  return `${k.keyName} (provider ${k.provider}): generation ${k.generation} (${k.keyId}), ${k.state}, ${lifeOf(k)}`;
}

/** `12 days left`, `never expires`, `no material` — what a reader needs to judge urgency. */
export function lifeOf(k: KeySummary): string {
  if (k.daysLeft !== null) return k.daysLeft < 0 ? `expired ${plural(-k.daysLeft, 'day')} ago` : `${plural(k.daysLeft, 'day')} left`;
  if (k.state === 'absent') return '–';
  if (k.state === 'PendingImport') return 'no material';
  return k.validTo === null ? 'never expires' : 'expiry unknown';
}

export function manifestFile(doc: PlanDocument): string {
  const parts = doc.manifest.file.split(/[\\/]/);
  return parts[parts.length - 1] || doc.manifest.file;
}

export function noChangesLine(doc: PlanDocument): string {
  const errors = doc.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) return `No changes planned; ${plural(errors, 'error')} above need${errors === 1 ? 's' : ''} attention.`;
  const warnings = doc.diagnostics.length;
  const note = warnings > 0 ? `; ${plural(warnings, 'warning')} above` : '';
  return `No changes. Live state matches ${manifestFile(doc)}${note}.`;
}
