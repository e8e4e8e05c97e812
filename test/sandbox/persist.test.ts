/** The debounced saver: one write per burst, a flush on demand, retry after a failed write. */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { debouncedSaver } from '../../src/wire/persist.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('coalesces a burst of mutations into one save', () => {
  let saves = 0;
  const s = debouncedSaver(() => void saves++, 250);
  for (let i = 0; i < 100; i++) s.touch();
  expect(saves).toBe(0);
  vi.advanceTimersByTime(250);
  expect(saves).toBe(1);
  expect(s.pending).toBe(false);
  s.flush();
  expect(saves).toBe(1);
});

it('flushes pending mutations at once, and only those', () => {
  let saves = 0;
  const s = debouncedSaver(() => void saves++, 250);
  s.touch();
  s.flush();
  expect(saves).toBe(1);
  vi.advanceTimersByTime(1000);
  expect(saves).toBe(1);
});

it('stays dirty after a failed write and reports it', () => {
  const errors: unknown[] = [];
  let fail = true;
  let saves = 0;
  const s = debouncedSaver(() => {
    if (fail) throw new Error('disk full');
    saves++;
  }, 250, (e) => errors.push(e));
  s.touch();
  vi.advanceTimersByTime(250);
  expect(errors).toHaveLength(1);
  expect(s.pending).toBe(true);
  fail = false;
  s.flush();
  expect(saves).toBe(1);
});
