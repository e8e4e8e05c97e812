import { isMap, isPair, isScalar, Scalar, type Document, type Node } from 'yaml';

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

export function keepTextScalars(doc: Document): void {
  for (const pattern of TEXT_FIELDS) visit(doc.contents as Node | null, pattern, 0);
}

/** `pattern[depth]` is the segment to match at `node`; an index, not a sliced copy (10,000 keys). */
function visit(node: Node | null, pattern: readonly string[], depth: number): void {
  if (!isMap(node) || depth >= pattern.length) return;
  const head = pattern[depth]!;
  const last = depth === pattern.length - 1;
  for (const pair of node.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    if (head !== '*' && String(pair.key.value) !== head) continue;
    const value = pair.value as Node | null;
    if (!last) visit(value, pattern, depth + 1);
    else if (isScalar(value) && value.type === Scalar.PLAIN && typeof value.value === 'number' && value.source !== undefined) value.value = value.source;
  }
}
