import { openDatabase, type Db } from '../../../src/db/open.js';

/** An in-memory database with the latest schema (the selection tables included). */
export function selectionDb(): Db {
  return openDatabase(':memory:');
}

export interface OrgInput {
  org_id: string;
  name?: string;
  legal_form?: string | null;
  status?: string;
  last_report_fy?: number | null;
  established_on?: string | null;
  municipality_code?: string | null;
  corporate_number?: string | null;
  representative?: string | null;
  phone?: string | null;
  email?: string | null;
  religious_political?: number | null;
}

export function addOrg(db: Db, o: OrgInput): void {
  db.prepare(`INSERT INTO organizations (org_id, name, legal_form, status, last_report_fy, established_on, municipality_code, corporate_number,
    representative, phone, email, religious_political, created_run, updated_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)`)
    .run(o.org_id, o.name ?? `団体${o.org_id}`, o.legal_form ?? 'npo', o.status ?? 'active', o.last_report_fy === undefined ? 2024 : o.last_report_fy,
      o.established_on === undefined ? '2010-05-01' : o.established_on, o.municipality_code === undefined ? '131903' : o.municipality_code,
      o.corporate_number ?? null, o.representative ?? null, o.phone ?? null, o.email ?? null, o.religious_political ?? 0);
}

export function addApplication(db: Db, callId: string, orgId: string, answers: Record<string, number> = {}): void {
  db.prepare('INSERT INTO selection_applications (call_id, org_id, title, answers, created_run, updated_run) VALUES (?, ?, ?, ?, 0, 0)')
    .run(callId, orgId, `提案${orgId}`, JSON.stringify(answers));
}

export function addScore(db: Db, callId: string, reviewer: string, orgId: string, item: string, score: number): void {
  db.prepare('INSERT INTO selection_scores (call_id, reviewer, org_id, item, score, comment, created_run, updated_run) VALUES (?, ?, ?, ?, ?, ?, 0, 0)')
    .run(callId, reviewer, orgId, item, score, `${reviewer}のコメント`);
}

/** A small valid criteria file (two items, weights 60 + 40). */
export const CRITERIA = `title: テスト公募
fy: 2025
method: 協力
points: 100
threshold: 50
aggregation: drop_high_low
tie_break: [b]
eligibility:
  - id: not_dissolved
    check: not_dissolved
  - id: report_submitted
    check: report_submitted
items:
  - id: a
    label: 項目A
    weight: 60
    scale: 5
    descriptors: {1: 悪い, 2: やや悪い, 3: 普通, 4: 良い, 5: 非常に良い}
  - id: b
    label: 項目B
    weight: 40
    scale: 5
    descriptors: {1: 悪い, 2: やや悪い, 3: 普通, 4: 良い, 5: 非常に良い}
`;
