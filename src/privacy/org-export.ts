import { createHash } from 'node:crypto';
import type { Db } from '../db/open.js';
import { writeTransaction } from '../db/open.js';
import { UsageError, msg } from '../errors.js';
import { maskValue } from '../jp/contact.js';
import { recordAudit } from './audit.js';

/** One line of the list an NPO receives. */
export interface OrgListRow {
  match_id: number;
  opening_id: string;
  title: string;
  volunteer_id: string;
  name: string;
  phone: string;
  email: string;
  consent: string;
  status: string;
  score: number;
  reasons: string;
}

export const CONSENT_PENDING = '要同意確認';

/**
 * The match list for one organization. Contact details go out only for
 * volunteers who consented to sharing (情報提供同意, 個人情報保護法 Art. 27);
 * the others are masked and marked 要同意確認.
 */
export function buildOrgList(db: Db, orgId: string): OrgListRow[] {
  const org = db.prepare('SELECT org_id FROM organizations WHERE org_id = ?').pluck().get(orgId);
  if (org === undefined) {
    throw new UsageError('not_found', msg(`no organization with ID ${orgId}`, `団体 ${orgId} は登録されていません`), { hint: msg('see `kyodo list orgs`', '`kyodo list orgs` で確認してください') });
  }
  const rows = db.prepare(`SELECT m.match_id, m.opening_id, o.title, m.volunteer_id, v.name, v.phone, v.email, v.consent_share, m.status, m.score, m.reasons
    FROM matches m JOIN openings o ON o.opening_id = m.opening_id JOIN volunteers v ON v.volunteer_id = m.volunteer_id
    WHERE m.org_id = ? AND m.status IN ('proposed', 'accepted') AND v.status <> 'erased'
    ORDER BY m.opening_id, m.volunteer_id`).all(orgId) as Record<string, any>[];
  return rows.map((r) => {
    const consent = r.consent_share === 1;
    return {
      match_id: r.match_id,
      opening_id: r.opening_id,
      title: r.title,
      volunteer_id: r.volunteer_id,
      name: consent ? (r.name ?? '') : maskValue('name', r.name ?? ''),
      phone: consent ? (r.phone ?? '') : r.phone ? maskValue('phone', r.phone) : '',
      email: consent ? (r.email ?? '') : r.email ? maskValue('email', r.email) : '',
      consent: consent ? '同意あり' : CONSENT_PENDING,
      status: r.status === 'accepted' ? '受入決定' : '提案',
      score: r.score,
      reasons: (JSON.parse(r.reasons) as string[]).join(' / '),
    };
  });
}

/**
 * Records the provision (提供記録, Art. 29) of an exported list: when, to whom,
 * whose data, which items, and the hash of exactly the bytes that went out
 * (`deliver` writes them).
 */
export function recordOrgExport(db: Db, orgId: string, rows: OrgListRow[], bytes: Uint8Array | string, file: string | null, operator: string, now: Date,
  deliver: () => void): number {
  const revealed = rows.filter((r) => r.consent !== CONSENT_PENDING);
  // Recorded, then delivered, in one transaction: a file that could not be written leaves no record,
  // and no list goes out unrecorded because the database was busy.
  return writeTransaction(db, () => {
    const id = recordAudit(db, now, operator, {
      action: 'export_org_list',
      recipient: orgId,
      subjectIds: [...new Set(rows.map((r) => r.volunteer_id))],
      items: revealed.length > 0 ? ['volunteer_id', 'name', 'phone', 'email', 'match'] : ['volunteer_id', 'match'],
      file,
      fileSha256: createHash('sha256').update(bytes).digest('hex'),
      detail: `${rows.length} matches; contact shown for ${new Set(revealed.map((r) => r.volunteer_id)).size} consenting volunteer(s), masked for ${new Set(rows.filter((r) => r.consent === CONSENT_PENDING).map((r) => r.volunteer_id)).size}`,
    });
    deliver();
    return id;
  });
}
