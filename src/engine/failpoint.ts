/**
 * Crash-test hook: when `BYOK_FAILPOINT` names this point, the process kills itself with SIGKILL
 * right here, the way a node dies mid-apply (nothing flushed, no handler runs). Tests use it to
 * land a kill -9 exactly between two provider calls, which a kill from outside cannot time.
 * Unset in normal use: then this is one string comparison. See docs/architecture.md, "Crash tests".
 */
export type FailpointName = 'after-create-key';

export function failpoint(name: FailpointName): void {
  if (process.env.BYOK_FAILPOINT === name) process.kill(process.pid, 'SIGKILL');
}
