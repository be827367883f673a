import { describe, expect, it } from 'vitest';
import { KyodoError } from '../../../src/errors.js';
import { openCall, sha256 } from '../../../src/selection/calls.js';
import { declareConflict } from '../../../src/selection/conflicts.js';
import { checkCall, checkJson } from '../../../src/selection/check.js';
import { decide } from '../../../src/selection/decide.js';
import { disclosureView, renderCsv, renderHtml, renderMarkdown } from '../../../src/selection/disclose.js';
import { selectionLookups } from '../../../src/selection/lookups.js';
import { scoresSpec, applicationsSpec } from '../../../src/roster/kinds/selection.js';
import type { SqlValue } from '../../../src/roster/cells.js';
import { addApplication, addOrg, addScore, CRITERIA, selectionDb } from './db.js';

const now = new Date('2025-05-01T00:00:00Z');
function open(db: ReturnType<typeof selectionDb>, text = CRITERIA, callId = 'C1') {
  return openCall(db, { callId, file: 'c.yaml', bytes: Buffer.from(text), text, operator: 'tester', now });
}
const audit = (db: ReturnType<typeof selectionDb>) => db.prepare('SELECT action FROM audit_log ORDER BY audit_id').pluck().all();

describe('freezing the criteria', () => {
  it('stores the exact text and its SHA-256; the same content again is a no-op; different content is refused naming both hashes', () => {
    const db = selectionDb();
    const first = open(db);
    expect(first.created).toBe(true);
    expect(first.call.criteria_sha256).toBe(sha256(CRITERIA));
    expect(db.prepare('SELECT criteria_text FROM selection_calls').pluck().get()).toBe(CRITERIA);
    expect(open(db).created).toBe(false);
    const changed = CRITERIA.replace('threshold: 50', 'threshold: 40');
    let err: unknown;
    try { open(db, changed); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(KyodoError);
    expect((err as KyodoError).code).toBe('criteria_changed');
    expect((err as KyodoError).exitCode).toBe(1);
    expect((err as KyodoError).message).toContain(sha256(CRITERIA));
    expect((err as KyodoError).message).toContain(sha256(changed));
    expect((err as KyodoError).message).toMatch(/new call/);
    expect(db.prepare('SELECT criteria_sha256 FROM selection_calls').pluck().get()).toBe(sha256(CRITERIA));
    expect(audit(db)).toEqual(['selection_open']);
  });
});

describe('row checks of imported scores and applications', () => {
  const ctx = (db: ReturnType<typeof selectionDb>) => ({ orgExists: () => true, selection: selectionLookups(db) });
  const row = (o: Record<string, SqlValue>) => new Map<string, SqlValue>(Object.entries({ call_id: 'C1', reviewer: 'R1', org_id: 'O1', item: 'a', score: 4, comment: null, ...o }));

  it('refuses unknown items, out-of-scale scores, non-applicants, conflicts of interest, unknown and decided calls', () => {
    const db = selectionDb();
    addOrg(db, { org_id: 'O1' });
    open(db);
    addApplication(db, 'C1', 'O1');
    const c = ctx(db);
    expect(scoresSpec.checkRecord!(row({}), c)).toBeUndefined();
    expect(scoresSpec.checkRecord!(row({ item: 'zz' }), c)?.code).toBe('unknown_item');
    expect(scoresSpec.checkRecord!(row({ score: 6 }), c)?.code).toBe('out_of_scale');
    expect(scoresSpec.checkRecord!(row({ score: 0 }), c)?.code).toBe('out_of_scale');
    expect(scoresSpec.checkRecord!(row({ org_id: 'O2' }), c)?.code).toBe('not_applied');
    expect(scoresSpec.checkRecord!(row({ call_id: 'C9' }), c)?.code).toBe('unknown_call');
    declareConflict(db, 'C1', 'R1', 'O1', '理事を兼任', 'tester', now);
    const after = ctx(db);
    expect(scoresSpec.checkRecord!(row({}), after)?.code).toBe('conflict_of_interest');
    expect(scoresSpec.checkRecord!(row({ reviewer: 'R2' }), after)).toBeUndefined();
    expect(audit(db)).toContain('selection_conflict');
    db.prepare("UPDATE selection_calls SET status = 'decided'").run();
    expect(scoresSpec.checkRecord!(row({ reviewer: 'R2' }), ctx(db))?.code).toBe('call_closed');
    // Without the lookups nothing can be checked: fail closed.
    expect(scoresSpec.checkRecord!(row({}), { orgExists: () => true })?.code).toBe('selection_unavailable');
  });

  it('applications: manual answers must be manual items of the call', () => {
    const db = selectionDb();
    open(db, CRITERIA.replace('eligibility:\n', 'eligibility:\n  - {id: ins, check: manual, label: 保険}\n'));
    const app = (answers: string) => new Map<string, SqlValue>([['call_id', 'C1'], ['org_id', 'O1'], ['answers', answers]]);
    expect(applicationsSpec.checkRecord!(app('{"ins":1}'), ctx(db))).toBeUndefined();
    expect(applicationsSpec.checkRecord!(app('{"zz":1}'), ctx(db))?.code).toBe('unknown_item');
  });
});

function scenario() {
  const db = selectionDb();
  addOrg(db, { org_id: 'O1', name: 'あおば会', representative: '山田 太郎', phone: '03-1234-5678', email: 'yamada@example.org' });
  addOrg(db, { org_id: 'O2', name: '<script>alert(1)</script>', representative: '佐藤 花子', phone: '090-1111-2222', email: 'sato@example.jp' });
  addOrg(db, { org_id: 'O3', name: '=cmd|\' /C calc\'!A0', representative: '鈴木 一郎', phone: '045-222-3333', email: 'suzuki@example.com' });
  addOrg(db, { org_id: 'O4', name: '報告なし会', last_report_fy: 2023 });
  open(db);
  for (const o of ['O1', 'O2', 'O3', 'O4']) addApplication(db, 'C1', o);
  const grid: Record<string, [number, number][]> = { // per reviewer R1..R3: [a, b]
    O1: [[5, 4], [4, 4], [3, 5]],
    O2: [[4, 4], [4, 5], [4, 3]],
    O3: [[2, 2], [2, 3], [3, 2]],
    O4: [[5, 5], [5, 5], [5, 5]],
  };
  for (const [org, rows] of Object.entries(grid)) {
    rows.forEach(([a, b], i) => {
      addScore(db, 'C1', `審査委員${i + 1}号`, org, 'a', a);
      addScore(db, 'C1', `審査委員${i + 1}号`, org, 'b', b);
    });
  }
  return db;
}

describe('check, decide, disclose', () => {
  it('aggregates with drop-high-low, ranks eligible applicants only, and matches the cli.md JSON shape', () => {
    const db = scenario();
    const doc = checkJson(checkCall(db, 'C1')) as any;
    expect(Object.keys(doc).slice(0, 3)).toEqual(['call_id', 'criteria_sha256', 'title']);
    const by = Object.fromEntries(doc.applicants.map((a: any) => [a.org_id, a]));
    expect(by.O1).toMatchObject({ eligible: true, scores: { a: 4, b: 4 }, total: 80, rank: 1, above_threshold: true });
    expect(by.O2).toMatchObject({ scores: { a: 4, b: 4 }, total: 80, rank: 1 }); // equal on total and on tie-break b: shared rank
    expect(by.O3).toMatchObject({ scores: { a: 2, b: 2 }, total: 40, rank: 3, above_threshold: false });
    expect(by.O4).toMatchObject({ eligible: false, rank: null, above_threshold: false });
    expect(by.O4.eligibility.find((e: any) => e.item === 'report_submitted')).toMatchObject({ pass: false });
    expect(doc.reviewers).toBe(3);
  });

  it('a conflict declared after scoring takes that reviewer\'s scores out of the total', () => {
    const db = scenario();
    declareConflict(db, 'C1', '審査委員1号', 'O1', null, 'tester', now);
    const o1 = checkCall(db, 'C1').applicants.find((a) => a.org_id === 'O1')!;
    expect(o1.excluded_scores).toBe(2);
    expect(o1.scores).toEqual({ a: 3.5, b: 4.5 }); // two reviewers left: plain mean
    expect(o1.reviewers).toBe(2);
  });

  it('decide refuses ineligible and below-threshold applicants and flags a choice other than the top-ranked', () => {
    const db = scenario();
    expect(() => decide(db, 'C1', 'O4', '理由', 'tester', now)).toThrow(/eligibility/);
    expect(() => decide(db, 'C1', 'O3', '理由', 'tester', now)).toThrow(/below the published threshold/);
    const top = decide(db, 'C1', 'O2', '同点のため協働の効果で判断', 'tester', now);
    expect(top.is_top_ranked).toBe(true); // rank 1 shared
    db.prepare('DELETE FROM selection_decisions').run();
    addScore(db, 'C1', '審査委員4号', 'O1', 'a', 5);
    const r = decide(db, 'C1', 'O2', '地域での実績を重視した', 'tester', now);
    expect(r).toMatchObject({ is_top_ranked: false, passed_over: ['O1'] });
    expect(audit(db).filter((a) => a === 'selection_decide')).toHaveLength(2);
    expect(db.prepare('SELECT status FROM selection_calls').pluck().get()).toBe('decided');
    const md = renderMarkdown(disclosureView(checkCall(db, 'C1')));
    expect(md).toMatch(/最上位の適格応募者ではない団体を選定しました（上位で選定されなかった応募者: あおば会）/);
  });

  it('the disclosure holds no personal data, escapes HTML and neutralises formulas in CSV', () => {
    const db = scenario();
    decide(db, 'C1', 'O1', '実現可能性が高い', 'tester', now);
    const view = disclosureView(checkCall(db, 'C1'));
    const docs = { md: renderMarkdown(view), html: renderHtml(view), csv: renderCsv(view) };
    for (const [fmt, doc] of Object.entries(docs)) {
      for (const pii of ['審査委員1号', '審査委員2号', '審査委員3号', '山田', '佐藤', '鈴木', '03-1234-5678', '090-1111-2222', '045-222-3333', 'yamada@example.org', 'sato@example.jp', 'suzuki@example.com', 'のコメント']) {
        expect(doc, `${fmt} leaks ${pii}`).not.toContain(pii);
      }
      expect(doc).toContain('あおば会');
      expect(doc).toContain('実現可能性が高い');
    }
    expect(docs.html).toContain('審査委員数</dt><dd>3人');
    expect(docs.html).not.toContain('<script>');
    expect(docs.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(docs.html).not.toMatch(/<(script|link|img|iframe)\b|https?:\/\//i);
    expect(docs.md).not.toContain('<script>');
    expect(docs.csv.startsWith('\uFEFF')).toBe(true);
    expect(docs.csv).toContain("'=cmd|");
    expect(docs.csv).not.toMatch(/(^|,)=cmd/m);
  });
});
