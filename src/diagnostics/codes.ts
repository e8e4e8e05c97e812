/**
 * The closed table of diagnostic codes. Each code says how the daemon treats it:
 * - stalled: needs a human (bad manifest, wrong material); retrying will not help.
 * - waiting: a precondition is not met yet (a key still in use); retry on the next tick.
 * - transient: a provider hiccup (throttling, 5xx, network); back off and retry soon.
 */
export const DIAGNOSTIC_CODES = {
  'manifest.unreadable': { daemon: 'stalled' },
  'manifest.yaml-syntax': { daemon: 'stalled' },
  'manifest.schema': { daemon: 'stalled' },
  'manifest.unknown-provider': { daemon: 'stalled' },
  'manifest.unknown-key': { daemon: 'stalled' },
  'manifest.duplicate-alias': { daemon: 'stalled' },
  'manifest.alias-name': { daemon: 'stalled' },
  'manifest.duration': { daemon: 'stalled' },
  'manifest.expiration': { daemon: 'stalled' },
  'manifest.tags': { daemon: 'stalled' },
  'wrapping.incompatible': { daemon: 'stalled' },
  'wrapping.public-key-mismatch': { daemon: 'transient' },
  'wrapping.too-large': { daemon: 'stalled' },
  'wrapping.unsupported': { daemon: 'stalled' },
  'material.missing': { daemon: 'stalled' },
  'material.unreadable': { daemon: 'stalled' },
  'material.malformed': { daemon: 'stalled' },
  'material.size': { daemon: 'stalled' },
  'material.kcv-mismatch': { daemon: 'stalled' },
  'material.permissions': { daemon: 'stalled' },
  'material.command-failed': { daemon: 'transient' },
  'material.duplicate': { daemon: 'stalled' },
  'plan.stale': { daemon: 'waiting' },
  'plan.unreadable': { daemon: 'stalled' },
  'plan.orphaned-key': { daemon: 'stalled' },
  'plan.old-generation-expiring': { daemon: 'stalled' },
  'plan.foreign-key-in-use': { daemon: 'waiting' },
  'plan.unrecoverable': { daemon: 'stalled' },
  'plan.bucket-missing': { daemon: 'stalled' },
  'plan.duplicate-key': { daemon: 'stalled' },
  'plan.key-in-use': { daemon: 'waiting' },
  'plan.material-removed': { daemon: 'stalled' },
  'plan.material-order': { daemon: 'stalled' },
  'plan.rotation-limit': { daemon: 'stalled' },
  'plan.last-use-unknown': { daemon: 'waiting' },
  'apply.recently-used': { daemon: 'waiting' },
  'apply.key-in-use': { daemon: 'waiting' },
  'apply.dependency-failed': { daemon: 'waiting' },
  'apply.interrupted': { daemon: 'transient' },
  'daemon.run-timeout': { daemon: 'stalled' },
  'lock.held': { daemon: 'waiting' },
  'provider.throttled': { daemon: 'transient' },
  'provider.unavailable': { daemon: 'transient' },
  'provider.not-found': { daemon: 'stalled' },
  'provider.invalid-state': { daemon: 'waiting' },
  'provider.access-denied': { daemon: 'stalled' },
  'provider.rejected': { daemon: 'stalled' },
  'provider.incorrect-material': { daemon: 'stalled' },
  'provider.import-token': { daemon: 'transient' },
  'provider.config': { daemon: 'stalled' },
  'cli.usage': { daemon: 'stalled' },
  'cli.refused': { daemon: 'stalled' },
  'internal': { daemon: 'transient' },
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
export type DaemonDisposition = (typeof DIAGNOSTIC_CODES)[DiagnosticCode]['daemon'];

export function dispositionOf(code: DiagnosticCode): DaemonDisposition {
  return DIAGNOSTIC_CODES[code].daemon;
}
