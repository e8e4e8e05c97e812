/**
 * Pretty JSON with a stable key order, whatever order the object was built in: the contract
 * fields first (formatVersion, then the plan's and actions' identifying fields), the rest sorted.
 */
const FIRST = [
  'formatVersion',
  'name',
  'version',
  'file',
  'tool',
  'manifest',
  'at',
  'liveDigest',
  'summary',
  'total',
  'id',
  'kind',
  'keyName',
  'provider',
  'target',
  'reason',
  'destructive',
  'dependsOn',
  'severity',
  'code',
];
const RANK = new Map(FIRST.map((k, i) => [k, i]));

function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort((a, b) => {
    const ra = RANK.get(a) ?? FIRST.length;
    const rb = RANK.get(b) ?? FIRST.length;
    return ra - rb || (a < b ? -1 : a > b ? 1 : 0);
  });
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = ordered(obj[k]);
  return out;
}

export function renderJson(value: object): string {
  return `${JSON.stringify(ordered(value), null, 2)}\n`;
}
