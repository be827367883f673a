/**
 * Calls (公募) and their frozen criteria. `openCall` stores the criteria file's
 * exact text and SHA-256 when the call opens; from then on the call is judged
 * only by that text (the file on disk may change, the call does not).
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/open.js';
import { KyodoError, UsageError, msg } from '../errors.js';
import { formatFiscalYear } from '../jp/fiscal-year.js';
import { recordAudit } from '../privacy/audit.js';
import { parseCriteriaOrThrow, type Criteria, type LintProblem, type Method } from './criteria.js';

export interface CallRow {
  call_id: string;
  title: string;
  fy: number;
  method: Method;
  criteria_file: string;
  criteria_text: string;
  criteria_sha256: string;
  opened_at: string;
  operator: string;
  status: 'open' | 'decided';
  decided_at: string | null;
}

export interface Call extends CallRow {
  criteria: Criteria;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface OpenCallInput {
  callId: string;
  file: string;
  bytes: Uint8Array;
  text: string;
  title?: string;
  fy?: number;
  operator: string;
  now: Date;
}

export interface OpenCallResult {
  call: CallRow;
  /** false: the call was already open with identical criteria (nothing changed). */
  created: boolean;
  warnings: LintProblem[];
}

/**
 * 公募の開始: freezes the criteria (text + SHA-256) in a new call. Opening an
 * existing call with identical content is a no-op; different content is
 * refused (exit 1), because criteria must not change once published.
 */
export function openCall(db: Db, input: OpenCallInput): OpenCallResult {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(input.callId)) {
    throw new UsageError('invalid_call_id', msg(`call ID "${input.callId}" may hold letters, digits, _ . - (e.g. C2025-01)`, `公募ID「${input.callId}」は英数字と _ . - で指定してください（例: C2025-01）`));
  }
  const hash = sha256(input.bytes);
  const { criteria, warnings } = parseCriteriaOrThrow(input.text, input.file);
  const title = input.title ?? criteria.title;
  const fy = input.fy ?? criteria.fy;
  if (!title) throw new UsageError('missing_title', msg('the call has no title: add title: to the criteria or pass --title', '公募名がありません。選定基準に title: を書くか --title を指定してください'));
  if (fy === undefined) throw new UsageError('missing_fy', msg('the call has no fiscal year: add fy: to the criteria or pass --fy', '年度がありません。選定基準に fy: を書くか --fy を指定してください'));
  const existing = getCallRow(db, input.callId);
  if (existing) {
    if (existing.criteria_sha256 !== hash) {
      throw new KyodoError('criteria_changed', msg(
        `call ${input.callId} was opened with criteria sha256 ${existing.criteria_sha256} (${existing.criteria_file}, ${existing.opened_at}); ${input.file} has sha256 ${hash}. Criteria are frozen once a call opens: nothing was changed. To judge with the new criteria, open a new call (another --call ID)`,
        `公募 ${input.callId} は選定基準 sha256 ${existing.criteria_sha256}（${existing.criteria_file}、${existing.opened_at}）で開始済みです。${input.file} の sha256 は ${hash} で内容が異なります。公募開始後の基準は変更できません（何も変更していません）。新しい基準で審査するには別の公募ID（--call）で新しい公募を開始してください`,
      ), { file: input.file });
    }
    if (existing.title !== title || existing.fy !== fy) {
      throw new KyodoError('call_metadata_changed', msg(
        `call ${input.callId} is open as "${existing.title}" (FY${existing.fy}); --title/--fy differ: nothing was changed`,
        `公募 ${input.callId} は「${existing.title}」（${formatFiscalYear(existing.fy)}）として開始済みです。--title / --fy が異なるため何も変更していません`,
      ));
    }
    return { call: existing, created: false, warnings };
  }
  const row: CallRow = {
    call_id: input.callId, title, fy, method: criteria.method, criteria_file: input.file, criteria_text: input.text,
    criteria_sha256: hash, opened_at: input.now.toISOString(), operator: input.operator, status: 'open', decided_at: null,
  };
  db.prepare(`INSERT INTO selection_calls (call_id, title, fy, method, criteria_file, criteria_text, criteria_sha256, opened_at, operator, status)
    VALUES (@call_id, @title, @fy, @method, @criteria_file, @criteria_text, @criteria_sha256, @opened_at, @operator, 'open')`).run(row);
  recordAudit(db, input.now, input.operator, {
    action: 'selection_open', subjectIds: [input.callId], file: input.file, fileSha256: hash,
    detail: JSON.stringify({ title, fy, method: criteria.method, items: criteria.items.map((i) => i.id), threshold: criteria.threshold, aggregation: criteria.aggregation }),
  });
  return { call: row, created: true, warnings };
}

export function getCallRow(db: Db, callId: string): CallRow | undefined {
  return db.prepare('SELECT * FROM selection_calls WHERE call_id = ?').get(callId) as CallRow | undefined;
}

/** The call with its frozen criteria parsed; unknown call → exit 1 naming how to open it. */
export function getCall(db: Db, callId: string): Call {
  const row = getCallRow(db, callId);
  if (!row) {
    throw new KyodoError('unknown_call', msg(`no call ${callId}; open it with kyodo select open --criteria FILE --call ${callId}`, `公募 ${callId} はありません。kyodo select open --criteria FILE --call ${callId} で開始してください`));
  }
  return { ...row, criteria: parseCriteriaOrThrow(row.criteria_text, `${callId} (frozen criteria)`).criteria };
}
