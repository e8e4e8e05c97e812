import type { Action, ActionKind } from '../core/types.js';
import type { Hue } from './ansi.js';

/** How an action reads in every renderer: its symbol, colour and summary-line category. */
export interface Look {
  symbol: string;
  hue: Hue;
  category: Category;
}

/** Summary-line categories, in the order the summary lists them. */
export const CATEGORIES = [
  'to create',
  'to import',
  'to re-import',
  'to enable',
  'to move',
  'to change',
  'to re-encrypt',
  'to tag',
  'to rotate',
  'to disable',
  'to schedule for deletion',
] as const;
export type Category = (typeof CATEGORIES)[number];

const LOOKS: Record<ActionKind, Look> = {
  'create-key': { symbol: '+', hue: 'green', category: 'to create' },
  'import-material': { symbol: '+', hue: 'green', category: 'to import' },
  'reimport-material': { symbol: '⟳', hue: 'cyan', category: 'to re-import' },
  'enable-key': { symbol: '~', hue: 'yellow', category: 'to enable' },
  'create-alias': { symbol: '+', hue: 'green', category: 'to create' },
  'update-alias': { symbol: '~', hue: 'yellow', category: 'to move' },
  'put-bucket-encryption': { symbol: '~', hue: 'yellow', category: 'to change' },
  'reencrypt-objects': { symbol: '~', hue: 'yellow', category: 'to re-encrypt' },
  'tag-key': { symbol: '~', hue: 'yellow', category: 'to tag' },
  'rotate-key': { symbol: '⟳', hue: 'cyan', category: 'to rotate' },
  'disable-key': { symbol: '-', hue: 'red', category: 'to disable' },
  'schedule-key-deletion': { symbol: '!', hue: 'red', category: 'to schedule for deletion' },
};

/** A bucket's default encryption is a setting of an existing bucket: always a change, never a create. */
export function lookOf(a: Action): Look {
  return LOOKS[a.kind];
}

/** `Plan: 2 to create, 1 to import, 1 to move, 0 destructive.` (only categories present). */
export function summaryLine(actions: readonly Action[]): string {
  const counts = new Map<Category, number>();
  for (const a of actions) {
    const c = lookOf(a).category;
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const parts = CATEGORIES.filter((c) => counts.has(c)).map((c) => `${counts.get(c)} ${c}`);
  parts.push(`${actions.filter((a) => a.destructive).length} destructive`);
  return `Plan: ${parts.join(', ')}.`;
}
