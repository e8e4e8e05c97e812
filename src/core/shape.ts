/**
 * A copy of `o` that shares V8's hidden class with every other object of the same keys in the same
 * order.
 *
 * An object literal that spreads and then adds properties (`{ ...common, id, kind }`) gets a hidden
 * class of its own in V8 (Node 20): a map, a descriptor array and an out-of-object property array,
 * about 400 bytes per object on top of its fields, and every read of such objects is megamorphic.
 * Spreading is how the planners read best, and planned actions, apply outcomes and live keys are made
 * by the ten thousand and kept to the end of a run (a 10,000-key apply: 52,000 such objects, 22 MB).
 * Object.assign onto a fresh `{}` adds the keys through V8's shared transitions instead.
 * Plain own enumerable data only; the copy has the same keys, order and values.
 */
export function sharedShape<T extends object>(o: T): T {
  return Object.assign({}, o);
}
