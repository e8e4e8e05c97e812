import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8's full collection as a function, for a thread that knows better than V8's heuristics when a
 * large heap has just become garbage (the manifest loader, after the yaml parse); undefined if V8
 * will not give it. The flag is set only while a fresh context picks the function up, then reset
 * (unless the process was started with it), so nothing else created later sees a `gc` global.
 */
export function fullCollection(): (() => void) | undefined {
  const startedWithIt = typeof (globalThis as { gc?: unknown }).gc === 'function';
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  } finally {
    if (!startedWithIt) setFlagsFromString('--no-expose-gc');
  }
}
