import type { ManifestPath, SourceMap } from './positions.js';

/**
 * Fields that are always text although they may look like numbers: a KCV such as `000001` or
 * `1e5432` (hex that YAML would read as 1 or Infinity), or an all-digit project id. For these, an
 * unquoted number keeps the exact characters written instead of becoming a number.
 */
const TEXT_FIELDS: readonly (readonly string[])[] = [
  ['name'],
  ['keys', '*', 'material', 'kcv'],
  ['providers', '*', 'projectId'],
  ['providers', '*', 'instanceId'],
];

/** In the parsed data (plain objects), puts the written characters back where a text field became a number. */
export function keepTextScalars(data: unknown, source: SourceMap): void {
  for (const pattern of TEXT_FIELDS) visit(data, pattern, []);
  function visit(node: unknown, pattern: readonly string[], path: ManifestPath): void {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || path.length >= pattern.length) return;
    const map = node as Record<string, unknown>;
    const head = pattern[path.length]!;
    const last = path.length === pattern.length - 1;
    for (const name of head === '*' ? Object.keys(map) : Object.hasOwn(map, head) ? [head] : []) {
      const at = [...path, name];
      if (!last) visit(map[name], pattern, at);
      else if (typeof map[name] === 'number') {
        const written = source.plainSource(at);
        if (written !== undefined) map[name] = written;
      }
    }
  }
}
