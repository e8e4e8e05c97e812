import { expect, it } from 'vitest';
import { renderLocalRows, runLocalRow } from '../../bench/local-row.js';

/** The bench's local-provider row at 10 keys: the phases and their action counts, never timings. */
it('plans, applies and renews on the local provider', async () => {
  const row = await runLocalRow(10, 'RSA_2048');
  expect(row.phases.map((p) => [p.phase, p.actions, p.failed])).toEqual([
    ['plan', 30, 0],
    ['apply', 30, 0],
    ['renew', 10, 0],
  ]);
  const text = renderLocalRows([row, { ...row, wrappingKeySpec: 'RSA_4096' }]);
  expect(text).toMatch(/10 keys, RSA_2048: plan [\d.]+ s \(30 actions\); apply [\d.]+ s \(30 actions\); renew [\d.]+ s \(10 actions\)/);
  expect(text).toContain('apply RSA_4096 / RSA_2048 = 1.00');
});
