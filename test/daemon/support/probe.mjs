// A material `command` for tests: prints the material (base64) and, when its parent process holds
// the apply lock, records that it still holds it 300 ms later. Usage: probe.mjs LOCK MATERIAL TRACE
import { appendFileSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const [lockPath, material, trace] = process.argv.slice(2);

async function holder() {
  // The lock's heartbeat rewrites the file in place; a read can catch it half-written.
  for (let i = 0; i < 20; i++) {
    try {
      return JSON.parse(readFileSync(lockPath, 'utf8')).pid;
    } catch (e) {
      if (e.code === 'ENOENT') return null;
      await sleep(5);
    }
  }
  return null;
}

const start = Date.now();
if ((await holder()) === process.ppid) {
  await sleep(300);
  const still = (await holder()) === process.ppid;
  appendFileSync(trace, `${JSON.stringify({ pid: process.ppid, start, end: Date.now(), still })}\n`);
}
process.stdout.write(readFileSync(material).toString('base64'));
