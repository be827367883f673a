import { createHash } from 'node:crypto';
import type { Db } from '../db/open.js';
import { writeTransaction } from '../db/open.js';
import { UsageError, msg } from '../errors.js';
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
export const CONSENT_GIVEN = '同意あり';

/** True when the row carries the volunteer's name and contact: consent given and the match accepted. */
export function contactShown(r: Pick<OrgListRow, 'consent' | 'status'>): boolean {
  return r.consent === CONSENT_GIVEN && r.status === '受入決定';
}

/**
 * The match list for one organization: its accepted matches (with `includeProposed`, the proposed ones
 * too). Name, phone and e-mail go out only for accepted matches of volunteers who consented to sharing
 * (情報提供同意, 個人情報保護法 Art. 27); for the others the organization gets the volunteer ID and
 * nothing of those three (the line says 要同意確認 when consent is missing) — not even part of them:
 * a first character, the last digits or the mail domain narrow down who it is.
 */
export function buildOrgList(db: Db, orgId: string, opts: { includeProposed?: boolean } = {}): OrgListRow[] {
  const org = db.prepare('SELECT org_id FROM organizations WHERE org_id = ?').pluck().get(orgId);
  if (org === undefined) {
    throw new UsageError('not_found', msg(`no organization with ID ${orgId}`, `団体 ${orgId} は登録されていません`), { hint: msg('see `kyodo list orgs`', '`kyodo list orgs` で確認してください') });
  }
  const statuses = opts.includeProposed ? `'proposed', 'accepted'` : `'accepted'`;
  const rows = db.prepare(`SELECT m.match_id, m.opening_id, o.title, m.volunteer_id, v.name, v.phone, v.email, v.consent_share, m.status, m.score, m.reasons
    FROM matches m JOIN openings o ON o.opening_id = m.opening_id JOIN volunteers v ON v.volunteer_id = m.volunteer_id
    WHERE m.org_id = ? AND m.status IN (${statuses}) AND v.status <> 'erased'
    ORDER BY m.opening_id, m.volunteer_id`).all(orgId) as Record<string, any>[];
  return rows.map((r) => {
    const row: OrgListRow = {
      match_id: r.match_id,
      opening_id: r.opening_id,
      title: r.title,
      volunteer_id: r.volunteer_id,
      name: '',
      phone: '',
      email: '',
      consent: r.consent_share === 1 ? CONSENT_GIVEN : CONSENT_PENDING,
      status: r.status === 'accepted' ? '受入決定' : '提案',
      score: r.score,
      reasons: (JSON.parse(r.reasons) as string[]).join(' / '),
    };
    if (contactShown(row)) {
      row.name = r.name ?? '';
      row.phone = r.phone ?? '';
      row.email = r.email ?? '';
    }
    return row;
  });
}

/**
 * Records the provision (提供記録, Art. 29) of an exported list: when, to whom,
 * whose data, which items, and the hash of exactly the bytes that went out
 * (`deliver` writes them).
 */
export function recordOrgExport(db: Db, orgId: string, rows: OrgListRow[], bytes: Uint8Array | string, file: string | null, operator: string, now: Date,
  deliver: () => void): number {
  const revealed = rows.filter(contactShown);
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
      detail: `${rows.length} matches (${rows.filter((r) => r.status === '提案').length} proposed); name and contact given for ${new Set(revealed.map((r) => r.volunteer_id)).size} volunteer(s) (consent, accepted), withheld for ${new Set(rows.filter((r) => !contactShown(r)).map((r) => r.volunteer_id)).size}`,
    });
    deliver();
    return id;
  });
}
