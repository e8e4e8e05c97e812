import { UserError, error } from '../../../src/diagnostics/diagnostic.js';
import type { FileLock } from '../../../src/engine/file-lock.js';

/**
 * The apply lock's contract (exclusive; `lock.held` when taken) without the file: two simulated
 * years take it ~4,000 times, and the file lock has its own tests. `holds` counts acquisitions.
 */
export function memoryLock(): { take(owner: string): Promise<FileLock>; readonly holder: string | null; readonly holds: number } {
  let holder: string | null = null;
  let holds = 0;
  return {
    get holder() {
      return holder;
    },
    get holds() {
      return holds;
    },
    async take(owner) {
      if (holder !== null) throw new UserError(error('lock.held', `another apply holds the lock (${holder})`));
      holder = owner;
      holds++;
      let released = false;
      return {
        path: 'memory',
        async release() {
          if (!released) holder = null;
          released = true;
        },
      };
    },
  };
}
