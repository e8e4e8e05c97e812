import { identityLabel, parseIdentityLabel, type KeyIdentity } from '../../core/identity.js';

/**
 * With `tagsAtCreate: false` the local adapter creates a key untagged, like Huawei must, and keeps
 * its identity in the one thing CreateKey sets: the description, as a last line. The marker is
 * stripped from the description it reports, so plans and status look the same either way.
 */
const MARKER = '\n[byok-identity ';

export function withIdentityMarker(description: string, id: KeyIdentity): string {
  return `${description}${MARKER}${identityLabel(id)}]`;
}

/** The description without the marker, and the identity the marker names (null when there is none). */
export function splitIdentityMarker(description: string): { description: string; identity: KeyIdentity | null } {
  const at = description.lastIndexOf(MARKER);
  if (at < 0 || !description.endsWith(']')) return { description, identity: null };
  const identity = parseIdentityLabel(description.slice(at + MARKER.length, -1));
  return identity ? { description: description.slice(0, at), identity } : { description, identity: null };
}
