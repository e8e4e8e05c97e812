import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default (cores - 1) runs this suite one file at a time on a 2-core machine, while
    // many files mostly wait on child processes, sockets and timers: one worker per core overlaps
    // them. More than that starves the CPU-bound and timing-sensitive files (quota pacing, the
    // daemon simulation) on a loaded machine.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
