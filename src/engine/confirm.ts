import { ProviderError } from '../providers/port.js';

/**
 * Runs a write that may already have been applied: when its answer was lost, the SDK's retry
 * meets the effect of the first attempt (AlreadyExists for an alias, "pending deletion" for a key
 * already scheduled). Such a conflict is checked against live state, and counts as success when
 * live state is exactly what the write wanted; otherwise the original error stands.
 */
export async function writeOrConfirm(write: () => Promise<unknown>, isDone: () => Promise<boolean>): Promise<void> {
  try {
    await write();
  } catch (e) {
    if (!(e instanceof ProviderError) || (e.code !== 'provider.rejected' && e.code !== 'provider.invalid-state')) throw e;
    let done = false;
    try {
      done = await isDone();
    } catch {
      // The check itself failed: report the write's own error, which says more.
    }
    if (!done) throw e;
  }
}
