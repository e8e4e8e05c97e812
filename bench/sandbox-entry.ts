/**
 * Child-process entry of the benchmark's sandbox: argv[2] is a SandboxSpec as JSON. Reports
 * `ready` with its URL over IPC once it listens, its CPU time on 'cpu'; stops on the message
 * 'close' or when the parent goes away.
 */
import { serveSandbox, type SandboxMessage, type SandboxSpec } from './sandbox-host.js';

const spec = JSON.parse(process.argv[2] ?? '{}') as SandboxSpec;
const served = await serveSandbox(spec);
const send = (m: SandboxMessage) => process.send?.(m);
send({ type: 'ready', url: served.url });

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await served.close();
  process.exit(0);
};
process.on('message', (m) => {
  if (m === 'close') void stop();
  if (m === 'cpu') {
    const { user, system } = process.cpuUsage();
    send({ type: 'cpu', ms: (user + system) / 1000 });
  }
});
process.on('disconnect', () => void stop());
