import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kyodo, tempDir } from '../helpers/cli.js';

describe('kyodo select: a whole call on the sample ward', () => {
  let dir: string;
  let db: string;
  const run = (args: string[]) => kyodo(['--db', db, ...args], { env: { KYODO_OPERATOR: 'tester' } });
  const CRITERIA = 'templates/criteria/proposal-collaboration.yaml';
  beforeAll(() => {
    dir = tempDir();
    db = join(dir, 'kyodo.db');
    expect(run(['import', 'orgs', 'data/sample/orgs.csv']).code).toBe(0);
  });

  it('open → import applications → conflict → import scores → check → decide → disclose', () => {
    expect(run(['select', 'lint', CRITERIA]).code).toBe(0);
    const opened = run(['--json', 'select', 'open', '--criteria', CRITERIA, '--call', 'C2025-01']);
    expect(opened.code).toBe(0);
    expect(opened.json()).toMatchObject({ call_id: 'C2025-01', created: true, fy: 2025, method: '参画' });
    expect(run(['--json', 'select', 'open', '--criteria', CRITERIA, '--call', 'C2025-01']).json().created).toBe(false);
    const changed = join(dir, 'changed.yaml');
    writeFileSync(changed, readFileSync(CRITERIA, 'utf8').replace('threshold: 60', 'threshold: 50'));
    const refused = run(['select', 'open', '--criteria', changed, '--call', 'C2025-01']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(opened.json().criteria_sha256);
    expect(refused.stderr).toMatch(/open a new call/);

    expect(run(['--json', 'import', 'applications', 'data/sample/selection/applications.csv']).json()).toMatchObject({ inserted: 6, rejected: 0 });
    expect(run(['select', 'conflict', 'C2025-01', '--reviewer', '委員C', '--org', 'ORG004']).code).toBe(0);
    const scores = run(['--json', 'import', 'scores', 'data/sample/selection/scores.csv']);
    expect(scores.code).toBe(3);
    const s = scores.json();
    expect(s.inserted).toBe(84);
    expect(s.rejects.map((r: any) => r.code)).toEqual(Array(6).fill('conflict_of_interest'));

    const check = run(['--json', 'select', 'check', 'C2025-01']);
    expect(check.code).toBe(0);
    const doc = check.json();
    expect(doc.criteria_sha256).toBe(opened.json().criteria_sha256);
    const by = Object.fromEntries(doc.applicants.map((a: any) => [a.org_id, a]));
    expect(by.ORG004).toMatchObject({ eligible: true, rank: 1, total: 85, above_threshold: true, reviewers: 2 });
    expect(by.ORG023).toMatchObject({ rank: 2, total: 78 }); // tie on 78 broken by feasibility
    expect(by.ORG003.rank).toBe(3);
    expect(by.ORG028.rank).toBe(3);
    expect(by.ORG011).toMatchObject({ eligible: false, rank: null });
    expect(by.ORG011.eligibility.find((e: any) => e.item === 'report_submitted')).toMatchObject({ pass: false });
    for (const a of doc.applicants) expect(Object.keys(a).slice(0, 7)).toEqual(['org_id', 'eligible', 'eligibility', 'scores', 'total', 'rank', 'above_threshold']);

    expect(run(['select', 'decide', 'C2025-01', '--org', 'ORG011', '--reason', '理由']).code).toBe(1);
    const decided = run(['--json', 'select', 'decide', 'C2025-01', '--org', 'ORG023', '--reason', '外国人住民との協働の効果を重視した']);
    expect(decided.code).toBe(0);
    expect(decided.json()).toMatchObject({ is_top_ranked: false, passed_over: ['ORG004'] });

    // After the decision, scores are no longer accepted.
    expect(run(['--json', 'import', 'scores', 'data/sample/selection/scores.csv']).code).toBe(3);

    const html = join(dir, 'result.html');
    expect(run(['select', 'disclose', 'C2025-01', '--format', 'html', '--out', html]).code).toBe(0);
    const md = run(['select', 'disclose', 'C2025-01', '--format', 'md']).stdout;
    const csv = run(['select', 'disclose', 'C2025-01', '--format', 'csv']).stdout;
    const orgs = readFileSync('data/sample/orgs.csv', 'utf8').split('\r\n').slice(1).filter(Boolean).map((l) => l.split(','));
    const applicants = ['ORG003', 'ORG004', 'ORG011', 'ORG023', 'ORG027', 'ORG028'];
    for (const doc of [readFileSync(html, 'utf8'), md, csv]) {
      expect(doc).toContain('新川観光ガイドの会');
      for (const r of ['委員A', '委員B', '委員C']) expect(doc).not.toContain(r);
      for (const o of orgs.filter((x) => applicants.includes(x[0]!))) {
        for (const pii of [o[13], o[14], o[15]]) expect(doc).not.toContain(pii!); // 代表者氏名, メール, 電話
      }
    }
    expect(md).toMatch(/最上位の適格応募者ではない団体を選定しました/);
    const actions = run(['--json', 'audit', '--limit', '50']).stdout;
    for (const a of ['selection_open', 'selection_conflict', 'selection_import_applications', 'selection_import_scores', 'selection_decide', 'selection_disclose']) expect(actions).toContain(a);
  });

  it('select score without a terminal exits 2 and points to import scores', () => {
    const r = run(['select', 'score', 'C2025-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kyodo import scores/);
  });

  it('evaluations: the comparison report, and the history shown with the next application', () => {
    expect(run(['import', 'evaluations', 'data/sample/selection/evaluations.csv']).code).toBe(0);
    const cmp = run(['--json', 'select', 'evaluations', 'P2024-03']).json();
    const role = cmp.organizations[0].items.find((i: any) => i.item === '役割分担');
    expect(role).toMatchObject({ gov: 4, npo: 2, gap: -2, disagree: true });
    const check = run(['--json', 'select', 'check', 'C2025-01']).json();
    expect(check.applicants.find((a: any) => a.org_id === 'ORG004').history).toEqual([
      { project_id: 'P2024-03', call_id: null, gov_mean: 3.75, npo_mean: 3, items: 4, disagreements: 1 },
    ]);
  });
});
