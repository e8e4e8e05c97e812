import { readFileSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMaterialBytes, zeroize } from '../../src/material/index.js';
import { CANARY, fileSource as file, tmp, userError } from './helpers.js';

/**
 * Material files are read with synchronous open/fstat/read (far cheaper per file than FileHandle
 * promises at 10,000 keys). fstat's size is only a hint, and no copy of the material may survive
 * the caller's zeroing.
 */
let t: ReturnType<typeof tmp>;
beforeEach(() => {
  t = tmp();
});
afterEach(() => t.cleanup());


describe('reading a material file', () => {
  it('returns a view whose whole backing memory is cleared when the caller zeroes it', async () => {
    t.write('k.bin', CANARY);
    const { material } = await readMaterialBytes(file('k.bin'), t.dir);
    expect(material.equals(CANARY)).toBe(true);
    zeroize(material);
    // A pooled or larger buffer behind the view would keep bytes the caller cannot reach.
    expect(new Uint8Array(material.buffer).every((b) => b === 0)).toBe(true);
  });

  it('reads to the end of a file whose size fstat does not know (a /proc file reports 0)', async () => {
    if (process.platform !== 'linux') return;
    const path = '/proc/version';
    expect(statSync(path).size).toBe(0);
    const { material } = await readMaterialBytes(file(path), t.dir);
    expect(material.length).toBeGreaterThan(16);
    expect(material.equals(readFileSync(path))).toBe(true);
    zeroize(material);
  });

  it('refuses a file over the size limit by its size, before reading it', async () => {
    t.write('big.bin', Buffer.alloc(64 * 1024 + 1, 1));
    const d = await userError(() => readMaterialBytes(file('big.bin'), t.dir));
    expect(d.code).toBe('material.size');
    expect(d.summary).toBe('file big.bin: is 65537 bytes, far larger than any key material');
  });

  it('decodes base64 text from the file into exactly the material', async () => {
    t.write('k.b64', `${CANARY.toString('base64')}\n`);
    const { material } = await readMaterialBytes(file('k.b64', 'base64'), t.dir);
    expect(material.equals(CANARY)).toBe(true);
    zeroize(material);
    expect(new Uint8Array(material.buffer, material.byteOffset, material.length).every((b) => b === 0)).toBe(true);
  });

  it('gives the event loop a turn, as the asynchronous reads did (Ctrl-C between apply actions relies on it)', async () => {
    t.write('k.bin', CANARY);
    let turned = false;
    setImmediate(() => (turned = true));
    const { material } = await readMaterialBytes(file('k.bin'), t.dir);
    zeroize(material);
    expect(turned).toBe(true);
  });
});
