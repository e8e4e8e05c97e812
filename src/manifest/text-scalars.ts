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
  for (const pattern of TEXT_FIELDS) visit(doc.contents as Node | null, pattern);
}

function visit(node: Node | null, pattern: readonly string[]): void {
  if (!isMap(node) || pattern.length === 0) return;
  const [head, ...rest] = pattern;
  for (const pair of node.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    if (head !== '*' && String(pair.key.value) !== head) continue;
    const value = pair.value as Node | null;
    if (rest.length > 0) visit(value, rest);
    else if (isScalar(value) && value.type === Scalar.PLAIN && typeof value.value === 'number' && value.source !== undefined) value.value = value.source;
  }
}
