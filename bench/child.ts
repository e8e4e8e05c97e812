/**
 * The bench's child processes (a size's client, a run): forked with one JSON argument, they answer
 * with one `done` message. Both sides of that exchange, once.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type DoneMessage<T> = { type: 'done'; ok: true; result: T } | { type: 'done'; ok: false; error: string };

/**
 * Forks `entry` with `arg` as JSON in argv[2] and resolves with the result of its `done` message;
 * rejects, naming `label`, when it reports an error or exits without answering. Any other message
 * goes to `onMessage` (a child may ask its parent something on the way).
 */
export function forkForResult<T>(
  entry: URL,
  arg: unknown,
  label: string,
  opts: { execArgv?: string[]; onMessage?: (m: unknown, child: ChildProcess) => void } = {},
): Promise<T> {
  const child = fork(fileURLToPath(entry), [JSON.stringify(arg)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: opts.execArgv ?? process.execArgv });
  return new Promise((resolve, reject) => {
    let answered = false;
    child.on('message', (m: unknown) => {
      const done = m as DoneMessage<T>;
      if (done?.type !== 'done') return opts.onMessage?.(m, child);
      answered = true;
      if (done.ok) resolve(done.result);
      else reject(new Error(`${label}: ${done.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`${label}: its process exited (code ${code}) without a result`));
    });
  });
}

/** The child side: runs `work`, sends its result or its error as `done`, then lets go of the channel. */
export async function answerParent<T>(work: () => Promise<T>): Promise<void> {
  const send = (m: DoneMessage<T>) => process.send?.(m);
  try {
    send({ type: 'done', ok: true, result: await work() });
  } catch (e) {
    send({ type: 'done', ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
  process.disconnect?.();
}
