import { describe, expect, it } from 'vitest';
import { writeTransaction } from '../../../src/db/open.js';
import { KyodoError } from '../../../src/errors.js';
import { openCall } from '../../../src/selection/calls.js';
import { declareConflict } from '../../../src/selection/conflicts.js';
import { decide } from '../../../src/selection/decide.js';
import { saveEnteredScore, storedScores, type EntrySession } from '../../../src/selection/score-entry.js';
import { addApplication, addOrg, CRITERIA, selectionDb } from './db.js';

const now = new Date('2025-05-01T00:00:00Z');

function scenario() {
  const db = selectionDb();
  for (const id of ['O1', 'O2']) addOrg(db, { org_id: id });
  openCall(db, { callId: 'C1', file: 'c.yaml', bytes: Buffer.from(CRITERIA), text: CRITERIA, operator: 'tester', now });
  for (const id of ['O1', 'O2']) addApplication(db, 'C1', id);
  const session: EntrySession = { callId: 'C1', reviewer: 'R1', operator: 'tester', runId: null };
  const save = (org_id: string, item: string, score: number, comment: string | null = null) => writeTransaction(db, () => saveEnteredScore(db, session, { org_id, item, score, comment }, now));
  return { db, session, save };
}

describe('select score stores each answer as it is given', () => {
  it('one transaction per answer, with its audit record; one import run per session counting inserts and corrections', () => {
    const { db, session, save } = scenario();
    save('O1', 'a', 4, 'よい');
    expect(storedScores(db, 'C1', 'R1').get('O1')).toEqual(new Map([['a', { score: 4, comment: 'よい' }]]));
    save('O1', 'b', 3);
    save('O1', 'a', 5); // corrected
    expect(storedScores(db, 'C1', 'R1').get('O1')!.get('a')).toEqual({ score: 5, comment: null });
    expect(db.prepare('SELECT rows, inserted, updated, status FROM import_runs WHERE run_id = ?').get(session.runId)).toEqual({ rows: 3, inserted: 2, updated: 1, status: 'done' });
    const audit = db.prepare("SELECT subject_ids, items, detail FROM audit_log WHERE action = 'selection_score' ORDER BY audit_id").all() as { subject_ids: string; items: string; detail: string }[];
    expect(audit.map((a) => [JSON.parse(a.subject_ids), JSON.parse(a.items), JSON.parse(a.detail)])).toEqual([
      [['C1', 'O1'], ['a'], { run_id: session.runId, scores: 1 }],
      [['C1', 'O1'], ['b'], { run_id: session.runId, scores: 1 }],
      [['C1', 'O1'], ['a'], { run_id: session.runId, scores: 1, corrected: true }],
    ]);
  });

  it('refuses, storing nothing: a level outside the frozen scale, an unknown item, a declared conflict, a decided call', () => {
    const { db, save } = scenario();
    const code = (fn: () => void): string => {
      try {
        fn();
      } catch (err) {
        expect(err).toBeInstanceOf(KyodoError);
        return (err as KyodoError).code;
      }
      return 'none';
    };
    expect(code(() => save('O1', 'a', 6))).toBe('out_of_scale');
    expect(code(() => save('O1', 'zz', 3))).toBe('out_of_scale');
    declareConflict(db, 'C1', 'R1', 'O2', null, 'tester', now);
    expect(code(() => save('O2', 'a', 3))).toBe('conflict_of_interest');
    expect(db.prepare('SELECT count(*) FROM selection_scores').pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM import_runs WHERE format = 'interactive'").pluck().get()).toBe(0);
    save('O1', 'a', 5);
    save('O1', 'b', 5);
    decide(db, 'C1', 'O1', '理由', 'tester', now);
    expect(code(() => save('O1', 'a', 4))).toBe('call_closed');
    expect(storedScores(db, 'C1', 'R1').get('O1')!.get('a')!.score).toBe(5);
  });
});
