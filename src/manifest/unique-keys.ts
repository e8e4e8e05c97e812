import { isMap, isScalar, visit, YAMLParseError, type Document } from 'yaml';

/**
 * Duplicate mapping keys, found in linear time. The yaml parser's own `uniqueKeys` check compares
 * each new key with every earlier one (52 s of a 30,000-key manifest), so parsing runs without it
 * and this adds the same DUPLICATE_KEY errors, in document order among the parser's errors.
 * Equality is the parser's: the same node, or scalars with strictly equal values.
 */
export function addDuplicateKeyErrors(doc: Document): void {
  const found: YAMLParseError[] = [];
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key: unknown = pair.key;
        const id = isScalar(key) ? key.value : key;
        if (seen.has(id)) {
          const at = (isScalar(key) && key.range ? key.range[0] : map.range?.[0]) ?? 0;
          found.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
        }
        seen.add(id);
      }
    },
  });
  if (found.length === 0) return;
  doc.errors.push(...found);
  doc.errors.sort((a, b) => a.pos[0] - b.pos[0]);
}
