/**
 * Debounced persistence for a served simulator: a burst of mutations (a bench apply makes
 * thousands) costs one state-file write per `delayMs`, not one per request. `flush()` writes at
 * once if anything is pending; call it on shutdown so no acknowledged mutation is lost on a clean
 * stop (a kill -9 may lose the last `delayMs`, which is the trade-off the debounce makes).
 */
export interface DebouncedSaver {
  /** Notes a mutation; the save happens `delayMs` after the first unsaved one. */
  touch(): void;
  flush(): void;
  readonly pending: boolean;
}

export function debouncedSaver(save: () => void, delayMs: number, onError: (e: unknown) => void = () => undefined): DebouncedSaver {
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!dirty) return;
    dirty = false;
    try {
      save();
    } catch (e) {
      // Stay dirty: the next touch or flush tries again.
      dirty = true;
      onError(e);
    }
  };
  return {
    touch() {
      dirty = true;
      timer ??= setTimeout(flush, delayMs);
    },
    flush,
    get pending() {
      return dirty;
    },
  };
}
