import { randomBytes } from 'node:crypto';
import type { Db } from '../db/open.js';
import { writeTransaction } from '../db/open.js';
import { UsageError, msg } from '../errors.js';
import { recordAudit } from './audit.js';
import { suppressionHash, suppressionSalt } from './suppression.js';

export interface ForgetResult {
  anonymous_id: string;
  matches_kept: number;
}

/**
 * Erases a volunteer on request (個人情報保護法 Art. 35): personal fields are
 * removed, the record keeps an anonymous ID so match and hour counts stay
 * right, and a salted hash of the old key makes the next nightly import
 * report the person as suppressed instead of bringing them back.
 */
export function forgetVolunteer(db: Db, volunteerId: string, operator: string, now: Date): ForgetResult {
  return writeTransaction(db, () => {
    const row = db.prepare('SELECT status FROM volunteers WHERE volunteer_id = ?').get(volunteerId) as { status: string } | undefined;
    if (!row) {
      throw new UsageError('not_found', msg(`no volunteer with ID ${volunteerId}`, `ボランティア ${volunteerId} は登録されていません`));
    }
    const anonymous = `ERASED-${randomBytes(6).toString('hex')}`;
    const salt = suppressionSalt(db);
    db.prepare(`INSERT OR IGNORE INTO suppressions (kind, key_hash, created_at) VALUES ('volunteers', ?, ?)`).run(suppressionHash(salt, 'volunteers', volunteerId), now.toISOString());
    // Matches follow the new ID through ON UPDATE CASCADE.
    db.prepare(`UPDATE volunteers SET volunteer_id = ?, name = NULL, kana = NULL, birth_date = NULL, gender = NULL, postal_code = NULL, address = NULL,
        lat = NULL, lon = NULL, phone = NULL, email = NULL, languages = NULL, consent_share = 0, status = 'erased', raw_hash = NULL
      WHERE volunteer_id = ?`).run(anonymous, volunteerId);
    // Rejected rows of earlier imports may hold the person's cells too.
    db.prepare(`UPDATE import_rejects SET raw = '[]', value = NULL
      WHERE run_id IN (SELECT run_id FROM import_runs WHERE kind = 'volunteers') AND instr(raw, ?) > 0`).run(JSON.stringify(volunteerId));
    const kept = db.prepare('SELECT count(*) FROM matches WHERE volunteer_id = ?').pluck().get(anonymous) as number;
    recordAudit(db, now, operator, { action: 'erase_volunteer', subjectIds: [anonymous], items: ['name', 'kana', 'birth_date', 'gender', 'postal_code', 'address', 'lat', 'lon', 'phone', 'email', 'languages'], detail: `${kept} match(es) kept anonymously` });
    return { anonymous_id: anonymous, matches_kept: kept };
  });
}
