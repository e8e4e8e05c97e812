import {
  constructFromEvents,
  defineMappingTag,
  defineScalarTag,
  EVENT_ID,
  FAILSAFE_SCHEMA,
  getScalarValue,
  NOT_RESOLVED,
  parseEvents,
  SCALAR_STYLE,
  type Event,
  type ScalarEvent,
} from 'js-yaml';
import { isScalar, Schema, type ScalarTag } from 'yaml';

/**
 * The manifest's fast parse: js-yaml's event parser, about four times faster than the yaml
 * library's document parse and at half its memory (a 10,000-key manifest: 0.16 s and 90 MB against
 * 0.7 s and 160 MB), for the manifests it reads exactly as the yaml library would. Anything else
 * (a syntax error, a duplicate key, a tag, an anchor or alias, a directive, a collection as a key,
 * more than one document, a root that is not a mapping) returns null, and the caller parses with
 * the yaml library as before: it recovers from errors, reports all of them with their positions,
 * and stays the reference for what a manifest means.
 *
 * "Exactly as the yaml library would": plain scalars resolve through the yaml library's own YAML
 * 1.2 core tags (its schema decides what `0x1F`, `1e5432` or `~` is, not a second copy of the
 * rules), and mapping keys become property names as its `toJS` makes them (null is the empty
 * string). test/manifest/strict-yaml.test.ts compares the two parsers on every YAML file of the
 * repository and on the scalar, string and key forms where YAML readers differ.
 */
export interface StrictParse {
  data: Record<string, unknown>;
  events: Event[];
}

export function parseStrict(text: string): StrictParse | null {
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch {
    return null;
  }
  if (!plainSingleDocument(events)) return null;
  try {
    const [data] = constructFromEvents(events, { source: text, schema: SCHEMA, maxAliases: 0 });
    return { data: data as Record<string, unknown>, events };
  } catch {
    // Duplicate keys, or a collection as a key: the yaml library reports them.
    return null;
  }
}

/** One document, no directives, no tags, anchors or aliases, a mapping at the root. */
function plainSingleDocument(events: readonly Event[]): boolean {
  let documents = 0;
  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1 || e.directives.length > 0) return false;
        break;
      case EVENT_ID.ALIAS:
        return false;
      case EVENT_ID.SCALAR:
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        if (e.tagStart !== -1 || e.anchorStart !== -1) return false;
        break;
    }
  }
  return documents === 1 && events[1]?.type === EVENT_ID.MAPPING;
}

/** The yaml library's core tags that match plain scalars, in the order it tries them. */
const CORE_TAGS: readonly ScalarTag[] = new Schema({}).tags.filter((t): t is ScalarTag => t.default === true && 'test' in t && t.test instanceof RegExp);

/** A plain scalar's value as the yaml library resolves it: null, boolean, number, or the text. */
export function resolvePlain(source: string): unknown {
  for (const tag of CORE_TAGS) {
    if (!tag.test!.test(source)) continue;
    const value: unknown = tag.resolve(source, () => undefined, { intAsBigInt: false });
    return isScalar(value) ? value.value : value;
  }
  return source;
}

/** A mapping key as a property name, as the yaml library's `toJS` makes it. */
export function propertyName(key: unknown): string {
  return key === null ? '' : String(key);
}

/** A scalar event's value: plain scalars resolved, quoted and block scalars as text. */
export function scalarValue(text: string, e: ScalarEvent): unknown {
  const value = getScalarValue(text, e);
  return e.style === SCALAR_STYLE.PLAIN ? resolvePlain(value) : value;
}

const coreScalar = defineScalarTag('tag:yaml.org,2002:core', {
  implicit: true,
  // Explicit tags never reach here: plainSingleDocument refuses them.
  resolve: (source, isExplicit) => (isExplicit ? NOT_RESOLVED : resolvePlain(source)),
  identify: () => false,
});

const objectMap = defineMappingTag('tag:yaml.org,2002:map', {
  create: (): Record<string, unknown> => ({}),
  addPair: (map, key, value) => {
    if (key !== null && typeof key === 'object') return 'a collection as a mapping key';
    const name = propertyName(key);
    // An own property, never the prototype, as the yaml library does.
    if (name === '__proto__') Object.defineProperty(map, name, { value, enumerable: true, configurable: true, writable: true });
    else map[name] = value;
    return '';
  },
  has: (map, key) => !(key !== null && typeof key === 'object') && Object.hasOwn(map, propertyName(key)),
  keys: (map) => Object.keys(map),
  get: (map, key) => map[propertyName(key)],
  identify: () => false,
});

const SCHEMA = FAILSAFE_SCHEMA.withTags(coreScalar, objectMap);
