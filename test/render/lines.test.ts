import { describe, expect, it } from 'vitest';
import { applyReportLines, inPieces, joinLines, renderApplyReport, renderText, textLines } from '../../src/render/index.js';
import type { ApplyReport } from '../../src/core/types.js';
import { desiredKey, desiredState, liveState } from '../core/fixtures.js';
import { run } from '../core/helpers.js';

describe('writing a plan or report piece by piece', () => {
  it('gives exactly the text of the whole, whatever the piece size', () => {
    const lines = Array.from({ length: 2501 }, (_, i) => (i % 7 === 0 ? '' : `line ${i}`));
    for (const size of [1, 2, 1000, 2501, 5000]) {
      const pieces = [...inPieces(lines, size)];
      expect(pieces.join('')).toBe(joinLines(lines));
      expect(pieces).toHaveLength(Math.ceil(lines.length / size));
    }
    expect([...inPieces([])]).toEqual([]);
    expect([...inPieces(['only'])]).toEqual(['only\n']);
  });

  it('reads its lines one piece at a time, never all of them first', () => {
    let read = 0;
    function* counted(): Generator<string> {
      for (let i = 0; i < 3000; i++) {
        read++;
        yield `l${i}`;
      }
    }
    const it = inPieces(counted(), 1000)[Symbol.iterator]();
    it.next();
    expect(read).toBe(1000);
  });

  it('a plan and an apply report of many keys come out the same as rendered whole', () => {
    const keys = Array.from({ length: 300 }, (_, i) => desiredKey({ name: `k${i}`, aliases: [`alias/k${i}`] }));
    const doc = run(desiredState(keys, []), liveState([]));
    expect([...inPieces(textLines(doc, { color: true }), 100)].join('')).toBe(renderText(doc, { color: true }));
    const report: ApplyReport = {
      outcomes: doc.actions.map((a, i) => ({ id: a.id, kind: a.kind, target: a.target, keyName: a.keyName, result: i % 3 === 0 ? 'failed' : 'applied', ...(i % 3 === 0 ? { code: 'internal', message: 'x' } : {}) })),
      applied: 600,
      failed: 300,
      skipped: 0,
    };
    expect([...inPieces(applyReportLines(report, { color: false }), 7)].join('')).toBe(renderApplyReport(report, { color: false }));
    expect(renderApplyReport(report, { color: false }).split('\n')).toHaveLength(900 + 3);
  });
});
