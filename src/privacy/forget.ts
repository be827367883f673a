import { randomBytes } from 'node:crypto';
import type { Db } from '../db/open.js';
import { writeTransaction } from '../db/open.js';
import { KyodoError, UsageError, msg, type Msg } from '../errors.js';
import { japanDate } from '../jp/calendar.js';
import { maskValue } from '../jp/contact.js';
import { recordAudit } from './audit.js';
import { eraseFromRejectsFile, findRejectedRows, rejectsFileCandidates, type RejectsFileOutcome } from './erase-rejects.js';
import { addSuppression, suppressedAt, suppressionKeys } from './suppression.js';

/** The fields `volunteers forget` empties; what stays (status, registration date, capacity, the run columns) only counts. */
export const ERASED_FIELDS = ['name', 'kana', 'birth_date', 'gender', 'postal_code', 'address', 'municipality_code', 'lat', 'lon', 'phone', 'email',
  'skills', 'interests', 'availability', 'languages', 'profession', 'consent_share'] as const;

/** What erasing a person will touch, for the question before it and for its refusal when there is nothing. */
export interface ForgetPlan {
  /** The ID as given. */
  key: string;
  /** The stored record it names (the given ID in another spelling, e.g. `Ｖ０００１` for `V0001`), or null. */
  volunteerId: string | null;
  /** `山＊＊`: enough for staff to see it is the right person. */
  maskedName: string | null;
  matches: number;
  activities: number;
  rejectedRows: number;
  rejectsFiles: RejectsFileOutcome[];
  /** An earlier erasure of this ID (ISO time), or null. */
  erasedAt: string | null;
}

/** The stored volunteer a given ID names: exactly, else in the spellings the import reads as the same. */
function storedVolunteer(db: Db, key: string): { volunteer_id: string; name: string | null; status: string } | undefined {
  const get = db.prepare('SELECT volunteer_id, name, status FROM volunteers WHERE volunteer_id = ?');
  for (const k of [key, ...suppressionKeys(key)]) {
    const row = get.get(k) as { volunteer_id: string; name: string | null; status: string } | undefined;
    if (row) return row;
  }
  return undefined;
}

/** When an anonymous record (`ERASED-…`) was made: the time of its erasure record. */
export function anonymousSince(db: Db, anonymousId: string): string | null {
  return (db.prepare(`SELECT at FROM audit_log WHERE action = 'erase_volunteer' AND instr(subject_ids, ?) > 0 ORDER BY audit_id LIMIT 1`).pluck()
    .get(JSON.stringify(anonymousId)) as string | undefined) ?? null;
}

const activityKeys = (key: string, stored: string | null): string[] => [...new Set([...(stored ? [stored] : []), key, ...suppressionKeys(key)])];

/**
 * Looks up everything of a person before erasing them (no writes). Refuses an ID that names nothing —
 * no record, no rejected row, no earlier erasure — and an anonymous record, which holds nothing personal.
 */
export function planForget(db: Db, key: string, dbPath: string): ForgetPlan {
  const v = storedVolunteer(db, key);
  if (v?.status === 'erased') {
    const since = anonymousSince(db, v.volunteer_id);
    throw new UsageError('already_anonymous', msg(
      `${v.volunteer_id} is the anonymous record of a person erased${since ? ` on ${japanDate(since)}` : ''}: nothing personal is left in it`,
      `${v.volunteer_id} は${since ? ` ${japanDate(since)} に` : ''}消去した人の匿名の記録で、個人情報は残っていません`,
    ));
  }
  const stored = v?.volunteer_id ?? null;
  const keys = activityKeys(key, stored);
  const plan: ForgetPlan = {
    key,
    volunteerId: stored,
    maskedName: v?.name ? maskValue('name', v.name) : null,
    matches: stored ? (db.prepare('SELECT count(*) FROM matches WHERE volunteer_id = ?').pluck().get(stored) as number) : 0,
    activities: db.prepare(`SELECT count(*) FROM activities WHERE volunteer_id IN (${keys.map(() => '?').join(', ')})`).pluck().get(...keys) as number,
    rejectedRows: findRejectedRows(db, key).length,
    rejectsFiles: rejectsFileCandidates(db, dbPath).map((c) => eraseFromRejectsFile(c, key, false)).filter((o): o is RejectsFileOutcome => o !== undefined),
    erasedAt: suppressedAt(db, 'volunteers', key) ?? null,
  };
  if (!stored && plan.activities === 0 && plan.rejectedRows === 0 && !plan.rejectsFiles.some((f) => f.status === 'found') && !plan.erasedAt) {
    throw new UsageError('not_found', msg(`no volunteer with ID ${key}, and no rejected row of an import holds it`,
      `ボランティア ${key} は登録されておらず、取込で除外された行にもありません`), { hint: msg('see `kyodo list volunteers`', '`kyodo list volunteers` で確認してください') });
  }
  return plan;
}

export interface ForgetResult {
  volunteer_id: string;
  /** The record's new ID (its matches and activity records follow it), or null when there was no record. */
  anonymous_id: string | null;
  matches_kept: number;
  activities_kept: number;
  rejected_rows_removed: number;
  rejects_files: RejectsFileOutcome[];
  erased_at: string;
  /** This ID had been erased before (ISO time): this run removed what came back into rejected rows, if anything. */
  previously_erased_at: string | null;
  /** The database file was rebuilt (VACUUM), so no earlier copy of the values is left in its free space. */
  file_rebuilt: boolean;
  /** The write-ahead log was emptied (checkpoint, truncated), so it holds no earlier copy either. */
  wal_cleared: boolean;
  /** What could not be done after the erasure itself (the erasure stands). */
  problems: Msg[];
}

/**
 * Erases a volunteer on request (個人情報保護法 Art. 35). In one transaction: the record keeps an
 * anonymous ID (matches and activity records follow it, so counts and hours stay right) and loses
 * every personal field, staff notes on its matches are emptied, the person's rejected rows of earlier
 * imports are deleted, a salted hash of the ID (canonical form) makes later imports report the person
 * as suppressed, and the erasure is recorded. Then no copy may stay readable in the file: the
 * transaction runs with `secure_delete` (freed space is zeroed), the file is rebuilt (VACUUM: copies
 * left in free space by earlier edits, which secure_delete cannot reach) and the write-ahead log is
 * checkpointed and truncated. Last, the rejects CSV files are written again without the person's rows.
 */
export function forgetVolunteer(db: Db, plan: ForgetPlan, operator: string, now: Date, dbPath: string): ForgetResult {
  const anonymous = `ERASED-${randomBytes(6).toString('hex')}`;
  const keys = activityKeys(plan.key, plan.volunteerId);
  db.pragma('secure_delete = ON');
  const done = writeTransaction(db, () => {
    addSuppression(db, 'volunteers', plan.volunteerId ?? plan.key, now);
    let matches = 0;
    if (plan.volunteerId) {
      // Matches follow the new ID through ON UPDATE CASCADE.
      db.prepare(`UPDATE volunteers SET volunteer_id = ?, name = NULL, kana = NULL, birth_date = NULL, gender = NULL, postal_code = NULL, address = NULL,
          municipality_code = NULL, lat = NULL, lon = NULL, phone = NULL, email = NULL, skills = NULL, interests = NULL, interests_mask = NULL,
          availability = NULL, availability_mask = NULL, languages = NULL, profession = NULL, consent_share = 0, status = 'erased', raw_hash = NULL
        WHERE volunteer_id = ?`).run(anonymous, plan.volunteerId);
      // Staff notes on a match may name the person.
      matches = db.prepare('UPDATE matches SET note = NULL WHERE volunteer_id = ?').run(anonymous).changes;
    }
    // Activity records keep counting (the per-year totals follow through their triggers) under the anonymous ID.
    const activities = db.prepare(`UPDATE activities SET volunteer_id = ? WHERE volunteer_id IN (${keys.map(() => '?').join(', ')})`).run(anonymous, ...keys).changes;
    const del = db.prepare('DELETE FROM import_rejects WHERE run_id = ? AND seq = ?');
    let rejected = 0;
    for (const r of findRejectedRows(db, plan.key)) rejected += del.run(r.run_id, r.seq).changes;
    const anonymousId = plan.volunteerId || activities > 0 ? anonymous : null;
    recordAudit(db, now, operator, {
      action: 'erase_volunteer',
      subjectIds: anonymousId ? [anonymousId] : [],
      items: plan.volunteerId ? [...ERASED_FIELDS] : [],
      detail: JSON.stringify({ matches_kept: matches, activities_kept: activities, rejected_rows_removed: rejected,
        rejects_files: plan.rejectsFiles.filter((f) => f.status === 'found').map((f) => f.file) }),
    });
    return { anonymousId, matches, activities, rejected };
  });
  const problems: Msg[] = [];
  let fileRebuilt = false;
  try {
    db.exec('VACUUM');
    fileRebuilt = true;
  } catch (err) {
    const why = (err as { code?: string }).code ?? (err as Error).message;
    problems.push(msg(`the database file could not be rebuilt (${why}): copies left in its free space by earlier edits may remain until it is; run the same command again when the disk has room`,
      `データベースファイルを作り直せませんでした（${why}）。以前の更新で空き領域に残った値は、作り直すまで残る可能性があります。ディスクに空きを作ってから同じコマンドをもう一度実行してください`));
  }
  const ck = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
  const walCleared = ck[0]?.busy === 0;
  if (!walCleared) {
    problems.push(msg('another program has the database open: its write-ahead log (-wal file) could not be emptied and may hold earlier copies; run the same command again when no other program uses the database',
      '別のプログラムがデータベースを開いているため、-wal ファイルを空にできませんでした。以前の値が残る可能性があります。ほかのプログラムを終了してから同じコマンドをもう一度実行してください'));
  }
  const files = rejectsFileCandidates(db, dbPath).map((c) => eraseFromRejectsFile(c, plan.key, true)).filter((o): o is RejectsFileOutcome => o !== undefined);
  return {
    volunteer_id: plan.key,
    anonymous_id: done.anonymousId,
    matches_kept: done.matches,
    activities_kept: done.activities,
    rejected_rows_removed: done.rejected,
    rejects_files: files,
    erased_at: now.toISOString(),
    previously_erased_at: plan.erasedAt,
    file_rebuilt: fileRebuilt,
    wal_cleared: walCleared,
    problems,
  };
}

/** The error of `show` for an erased ID: it names nobody any more, and says since when. */
export function erasedError(key: string, at: string): KyodoError {
  return new UsageError('erased', msg(
    `volunteer ${key} was erased on ${japanDate(at)} at the person's request: nothing personal is kept, and imports do not bring the person back`,
    `ボランティア ${key} は本人の求めにより ${japanDate(at)} に消去しました。個人情報は残っておらず、取込でも再登録しません`,
  ));
}
