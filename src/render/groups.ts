import { plural } from '../core/plan/format.js';
import type { Action, KeySummary, PlanDocument } from '../core/types.js';

/** A display group: one per manifest key with actions (manifest order), then one for buckets. */
export interface Group {
  key: KeySummary | null;
  actions: Action[];
}

const BUCKET_KINDS = new Set<Action['kind']>(['put-bucket-encryption', 'reencrypt-objects']);

/**
 * Bucket actions are shown together under "Buckets" although they execute inside their key's
 * sequence: a reviewer reads buckets as their own resources; `dependsOn` carries the order.
 */
export function groupsOf(doc: PlanDocument): Group[] {
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  for (const k of doc.keys) {
    const g: Group = { key: k, actions: [] };
    byKey.set(k.keyName, g);
    groups.push(g);
  }
  const buckets: Group = { key: null, actions: [] };
  for (const a of doc.actions) {
    const g = BUCKET_KINDS.has(a.kind) || a.keyName === undefined ? buckets : byKey.get(a.keyName);
    if (g) g.actions.push(a);
    else buckets.actions.push(a);
  }
  return [...groups, buckets].filter((g) => g.actions.length > 0);
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
