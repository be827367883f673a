/**
 * Import kinds of partner selection (協働相手の選定): applications to a call,
 * reviewers' scores, and both sides' evaluations after a project. Row checks
 * consult the call's frozen criteria through `RecordContext.selection`.
 */
import { msg } from '../../errors.js';
import { bad, ok } from '../../jp/parsed.js';
import { parseBoolean } from '../../jp/values.js';
import * as cell from '../cells.js';
import type { KindSpec, RecordContext, RowProblem } from '../kind.js';
import type { SqlValue } from '../cells.js';
import type { SelectionCallInfo } from '../../selection/lookups.js';
import { orgIdColumn, unknownOrg } from './checks.js';

/** Manual eligibility answers: `insurance=はい; office=いいえ` → {"insurance":1,"office":0}. */
const answers: cell.CellType = {
  parse(v) {
    const out: Record<string, number> = {};
    for (const piece of v.split(/[;；\n]+/)) {
      const p = piece.trim();
      if (p === '') continue;
      const m = /^([a-z][a-z0-9_]*)\s*[=:：]\s*(.+)$/.exec(p);
      if (!m) return bad('invalid_answers', `"${p}": write ITEM_ID=はい/いいえ, separated by ;`, `「${p}」: 項目ID=はい/いいえ を ; 区切りで書いてください`);
      const b = parseBoolean(m[2]!.trim());
      if (!b.ok) return bad('invalid_answers', `"${p}": the answer must be はい/いいえ (yes/no)`, `「${p}」: 回答は はい/いいえ にしてください`);
      out[m[1]!] = b.value ? 1 : 0;
    }
    return ok([JSON.stringify(out)]);
  },
};

const SIDES: Record<string, string> = { 行政: '行政', 市: '行政', 区: '行政', 町: '行政', 村: '行政', 自治体: '行政', government: '行政', gov: '行政', NPO: 'NPO', npo: 'NPO', 団体: 'NPO', 'NPO等': 'NPO', 市民活動団体: 'NPO' };

/** The call of a row, or the problem that rejects it (unknown, not open, lookups unavailable). */
function openCall(values: Map<string, SqlValue>, ctx: RecordContext, what: { en: string; ja: string }): SelectionCallInfo | RowProblem {
  const callId = String(values.get('call_id'));
  if (!ctx.selection) {
    // Fail closed: without the call's frozen criteria nothing can be checked, so nothing is stored.
    return { column: 'call_id', value: callId, code: 'selection_unavailable', reason: msg('this kyodo cannot check selection rows (no selection lookups in the import); nothing stored', 'この kyodo では選定データを検査できないため取り込みません') };
  }
  const call = ctx.selection.call(callId);
  if (!call || !call.criteria) {
    return { column: 'call_id', value: callId, code: 'unknown_call', reason: msg(`no call ${callId}; open it first with kyodo select open`, `公募 ${callId} がありません。先に kyodo select open で開始してください`) };
  }
  if (call.status !== 'open') {
    return { column: 'call_id', value: callId, code: 'call_closed', reason: msg(`call ${callId} is already decided: ${what.en} are no longer accepted`, `公募 ${callId} は選定済みのため${what.ja}は受け付けません`) };
  }
  return call;
}

const isProblem = (x: SelectionCallInfo | RowProblem): x is RowProblem => 'code' in x;

// One header vocabulary for the columns the selection files share (they drifted apart when copied).
const CALL_ID_ALIASES = ['公募ID', '募集回', '公募番号'];
const ITEM_ALIASES = ['評価項目', '項目ID', '項目'];

/** 応募: one organization's application to a call. */
export const applicationsSpec: KindSpec = {
  kind: 'applications',
  table: 'selection_applications',
  label: msg('applications', '応募'),
  key: ['call_id', 'org_id'],
  columns: [
    { name: 'call_id', aliases: CALL_ID_ALIASES, type: cell.text, required: true },
    orgIdColumn,
    { name: 'title', aliases: ['提案事業名', '事業名', '提案名'], type: cell.text },
    { name: 'summary', aliases: ['事業概要', '提案概要', '概要'], type: cell.multilineText },
    { name: 'budget', aliases: ['予算額', '事業費', '提案額'], type: cell.integer(0) },
    { name: 'answers', aliases: ['確認事項', '資格確認', 'eligibility'], type: answers },
  ],
  checkRecord(values, ctx) {
    const orgId = String(values.get('org_id'));
    if (!ctx.orgExists(orgId)) return unknownOrg(orgId);
    const call = openCall(values, ctx, { en: 'applications', ja: '応募' });
    if (isProblem(call)) return call;
    const a = values.get('answers');
    if (typeof a === 'string') {
      const manual = new Set(call.criteria!.eligibility.filter((e) => e.check === 'manual').map((e) => e.id));
      for (const k of Object.keys(JSON.parse(a) as Record<string, number>)) {
        if (!manual.has(k)) {
          return { column: 'answers', value: k, code: 'unknown_item', reason: msg(`"${k}" is not a manual eligibility item of call ${String(values.get('call_id'))} (${[...manual].join(', ') || 'none'})`, `「${k}」は公募 ${String(values.get('call_id'))} の手動確認項目ではありません（${[...manual].join('、') || 'なし'}）`) };
        }
      }
    }
    return undefined;
  },
};

/** 審査点: one reviewer's score of one item for one applicant. */
export const scoresSpec: KindSpec = {
  kind: 'scores',
  table: 'selection_scores',
  label: msg('scores', '審査点'),
  key: ['call_id', 'reviewer', 'org_id', 'item'],
  columns: [
    { name: 'call_id', aliases: CALL_ID_ALIASES, type: cell.text, required: true },
    { name: 'reviewer', aliases: ['審査委員', '審査員', '評価者'], type: cell.text, required: true },
    orgIdColumn,
    { name: 'item', aliases: ITEM_ALIASES, type: cell.text, required: true },
    { name: 'score', aliases: ['点数', '評点', '評価'], type: cell.integer(0, 100), required: true },
    { name: 'comment', aliases: ['コメント', '講評', '所見'], type: cell.multilineText },
  ],
  checkRecord(values, ctx) {
    const call = openCall(values, ctx, { en: 'scores', ja: '審査点' });
    if (isProblem(call)) return call;
    const callId = String(values.get('call_id'));
    const orgId = String(values.get('org_id'));
    const reviewer = String(values.get('reviewer'));
    const itemId = String(values.get('item'));
    const criteria = call.criteria!;
    const item = criteria.items.find((i) => i.id === itemId);
    if (!item) {
      const known = criteria.items.map((i) => `${i.id} (${i.label})`).join(', ');
      return { column: 'item', value: itemId, code: 'unknown_item', reason: msg(`"${itemId}" is not an item of the frozen criteria of ${callId}: ${known}`, `「${itemId}」は公募 ${callId} の確定済み選定基準にない項目です: ${known}`) };
    }
    const score = values.get('score') as number;
    if (score < item.min || score > item.max) {
      return { column: 'score', value: String(score), code: 'out_of_scale', reason: msg(`${item.id} is scored ${item.min}–${item.max}; ${score} is outside the scale`, `${item.label} の評点は ${item.min}〜${item.max} です（${score} は範囲外）`) };
    }
    if (!ctx.selection!.applied(callId, orgId)) {
      return { column: 'org_id', value: orgId, code: 'not_applied', reason: msg(`${orgId} has no application to ${callId}; import the applications first`, `${orgId} は公募 ${callId} に応募していません（先に応募を取り込んでください）`) };
    }
    if (ctx.selection!.conflicted(callId, reviewer, orgId)) {
      return { column: 'org_id', value: orgId, code: 'conflict_of_interest', reason: msg(`this reviewer is declared in conflict of interest with ${orgId} in ${callId} and may not score it; the score was refused`, `この審査委員は公募 ${callId} で ${orgId} と利害関係があると申告されているため、評点を受け付けません`) };
    }
    return undefined;
  },
};

/** 事業評価: after a project, each side (行政 / NPO) scores the same items. */
export const evaluationsSpec: KindSpec = {
  kind: 'evaluations',
  table: 'selection_evaluations',
  label: msg('evaluations', '事業評価'),
  key: ['project_id', 'org_id', 'side', 'item'],
  columns: [
    { name: 'project_id', aliases: ['事業ID', '協働事業ID', '事業番号'], type: cell.text, required: true },
    orgIdColumn,
    { name: 'side', aliases: ['評価者区分', '立場', '区分'], type: cell.text, required: true },
    { name: 'item', aliases: ITEM_ALIASES, type: cell.text, required: true },
    { name: 'score', aliases: ['点数', '評点', '評価'], type: cell.integer(0, 10), required: true },
    { name: 'call_id', aliases: CALL_ID_ALIASES, type: cell.text },
    { name: 'comment', aliases: ['コメント', '所見', '意見'], type: cell.multilineText },
  ],
  checkRecord(values, ctx) {
    const orgId = String(values.get('org_id'));
    if (!ctx.orgExists(orgId)) return unknownOrg(orgId);
    // The side is part of the key, so it must arrive already canonical (行政 or NPO).
    const side = String(values.get('side'));
    if (SIDES[side] !== side) {
      return { column: 'side', value: side, code: 'invalid_side', reason: msg(`side must be 行政 or NPO${SIDES[side] ? ` (write ${SIDES[side]})` : ''}`, `評価者区分は 行政 か NPO にしてください${SIDES[side] ? `（${SIDES[side]} と書いてください）` : ''}`) };
    }
    const callId = values.get('call_id');
    if (typeof callId === 'string' && ctx.selection && !ctx.selection.call(callId)) {
      return { column: 'call_id', value: callId, code: 'unknown_call', reason: msg(`no call ${callId}`, `公募 ${callId} がありません`) };
    }
    return undefined;
  },
};
