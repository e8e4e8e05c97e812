import { TAG, type KeySummary, type LiveKey, type MaterialSummary } from '../../core/types.js';
import { DAY_MS } from '../../core/specs.js';
import { loadDesired, openSession } from '../../engine/session.js';
import { refresh } from '../../engine/refresh.js';
import { renderJson, renderStatus } from '../../render/index.js';
import { parseAt } from '../at.js';
import { parseFor } from '../args.js';
import { printDiagnostics, withBoundary } from '../boundary.js';
import { oneOf } from '../common.js';
import type { CliIO } from '../io.js';
import { SPECS, helpText } from '../specs.js';
import { wantsColor } from './plan.js';

/** Every managed key and generation with its state, ValidTo and days left (as of `--at`). */
export const statusCommand = withBoundary(async (argv: string[], io: CliIO): Promise<number> => {
  const { values, help } = parseFor(SPECS.status, argv);
  if (help) return io.stdout(helpText(SPECS.status)), 0;
  const format = oneOf('--format', values.format, ['text', 'json'] as const, 'text');
  const at = parseAt(values.at, new Date());
  const { desired, warnings } = await loadDesired(values.file ?? 'keys.yaml', io.cwd, io.env);
  printDiagnostics(io, warnings);
  const session = await openSession(desired, at);
  try {
    const live = await refresh(desired, session.providers);
    const rows = statusRows(live.keys, at ?? session.clock.now());
    io.stdout(format === 'json' ? renderJson({ formatVersion: 1, at: (at ?? session.clock.now()).toISOString(), keys: rows }) : renderStatus(rows, { color: wantsColor(io, values) }));
  } finally {
    await session.close();
  }
  return 0;
});

export function statusRows(keys: readonly LiveKey[], now: Date): KeySummary[] {
  return keys
    .map((k) => ({
      keyName: k.tags[TAG.key] ?? '?',
      provider: k.provider,
      generation: Number(k.tags[TAG.generation] ?? NaN) || null,
      keyId: k.keyId,
      state: k.state,
      validTo: k.validTo,
      daysLeft: k.validTo ? Math.floor((Date.parse(k.validTo) - now.getTime()) / DAY_MS) : null,
      kcv: k.tags[TAG.kcv] ?? '',
      ...(k.materials ? { materials: materialRowsOf(k, now) } : {}),
    }))
    .sort((a, b) => a.keyName.localeCompare(b.keyName) || (a.generation ?? 0) - (b.generation ?? 0));
}

/** In-place keys: one row per material (the key's tag names an unlabelled current one). */
function materialRowsOf(k: LiveKey, now: Date): MaterialSummary[] {
  return (k.materials ?? []).map((m) => ({
    kcv: m.kcv ?? (m.state === 'CURRENT' ? (k.tags[TAG.kcv] ?? null) : null),
    keyMaterialId: m.keyMaterialId,
    state: m.state,
    imported: m.imported,
    validTo: m.imported ? m.validTo : null,
    daysLeft: m.imported && m.validTo ? Math.floor((Date.parse(m.validTo) - now.getTime()) / DAY_MS) : null,
  }));
}
