/**
 * What the three kinds of saved proposals (volunteer matches, room proposals, resource
 * allocations) share when a coordinator decides on them: which moves are allowed, how a
 * refused move is said, the error of a decision refused as a whole, and their list filters.
 */
import type { Db } from '../db/open.js';
import { KyodoError, UsageError, msg, type Msg } from '../errors.js';
import { japanDate } from '../jp/calendar.js';
import { parseDate } from '../jp/date.js';
import { recordAudit } from '../privacy/audit.js';

export type ProposalStatus = 'proposed' | 'accepted' | 'declined' | 'completed' | 'superseded';
export type Decision = 'accepted' | 'declined' | 'completed';

/** Which status a proposal may move to from which. An accepted one may still be declined; only volunteer matches complete. */
export const ALLOWED_FROM: Record<Decision, readonly ProposalStatus[]> = {
  accepted: ['proposed'],
  declined: ['proposed', 'accepted'],
  completed: ['accepted'],
};

/** Status words as coordinators say them. */
export const STATUS_JA: Record<ProposalStatus, string> = {
  proposed: '提案中', accepted: '受入決定', declined: '辞退', completed: '完了', superseded: '失効',
};

/** Why the proposal named `label` cannot move from `from` to `to`, or undefined when it can. */
export function refusedMove(label: Msg, from: ProposalStatus, to: Decision): Msg | undefined {
  if (ALLOWED_FROM[to].includes(from)) return undefined;
  return from === to
    ? msg(`${label.en}: is already ${to}`, `${label.ja}: すでに${STATUS_JA[to]}です`)
    : msg(`${label.en}: is ${from}, cannot become ${to}`, `${label.ja}: 状態が${STATUS_JA[from]}のため${STATUS_JA[to]}にできません`);
}

/** The error of a decision refused as a whole: every problem, and what to do (by default: look at the list). */
export function nothingChanged(problems: readonly Msg[], listCommand: string, hint?: Msg): KyodoError {
  return new KyodoError('invalid_transition', msg(`nothing changed: ${problems.map((m) => m.en).join('; ')}`, `変更していません: ${problems.map((m) => m.ja).join('、')}`), {
    hint: hint ?? msg(`see \`${listCommand}\``, `\`${listCommand}\` で状態を確認してください`),
  });
}

/** `WHERE a = ? AND b = ?` for the filters that are set (undefined: not filtered), with their parameters. */
export function whereEqual(filters: readonly (readonly [column: string, value: string | number | undefined])[]): { sql: string; params: (string | number)[] } {
  const set = filters.filter((f): f is readonly [string, string | number] => f[1] !== undefined && f[1] !== '');
  return { sql: set.length > 0 ? `WHERE ${set.map(([c]) => `${c} = ?`).join(' AND ')}` : '', params: set.map(([, v]) => v) };
}

/** Who decides, on which day, with what note: every decision is recorded in the audit log with its operator. */
export interface DecisionOptions {
  operator: string;
  /** The day the decision was made (ISO, in Japan), when it is entered later: March work recorded in April belongs to March's fiscal year. Default today. */
  on?: string;
  note?: string;
}

/**
 * `--on DATE` (any form the import reads: 2026-03-31, 2026/3/31, 令和8年3月31日, R8.3.31) as an ISO date;
 * a day after today (in Japan) is refused: a decision cannot be recorded before it is made.
 */
export function decisionDay(value: string, now: Date): string {
  const p = parseDate(value);
  if (!p.ok) throw new UsageError('invalid_date', msg(`--on "${value}": ${p.reason.en}`, `--on「${value}」: ${p.reason.ja}`));
  const today = japanDate(now);
  if (p.value > today) {
    throw new UsageError('future_date', msg(`--on ${p.value} is after today (${today}): record a decision on the day it was made or later`,
      `--on ${p.value} は今日（${today}）より後の日付です。決定した日以降に、その日付で記録してください`));
  }
  return p.value;
}

/**
 * The time stored for a decision: now when it is made today, else noon in Japan on its day (03:00 UTC),
 * which is the same calendar day in Japan and in UTC, so every reader counts it in the right fiscal year.
 */
export function decisionInstant(now: Date, on: string | undefined): string {
  return on === undefined || on === japanDate(now) ? now.toISOString() : `${on}T03:00:00.000Z`;
}

/** Refusal of a decision dated before the step it follows (its proposal, or its acceptance), or undefined. */
export function datedTooEarly(label: Msg, on: string | undefined, since: string | null, what: Msg): Msg | undefined {
  if (on === undefined || since === null) return undefined;
  const day = japanDate(since);
  if (on >= day) return undefined;
  return msg(`${label.en}: --on ${on} is before it was ${what.en} (${day})`, `${label.ja}: --on ${on} は${what.ja}日（${day}）より前です`);
}

const VERBS: Record<Decision, string> = { accepted: 'accept', declined: 'decline', completed: 'complete' };

/** Records one decision command in the audit log (inside its transaction): operator, which proposals, the day decided. */
export function recordDecision(db: Db, now: Date, o: DecisionOptions, table: 'matches' | 'facility_proposals' | 'resource_allocations', to: Decision, ids: readonly number[],
  extra: Record<string, unknown> = {}): void {
  recordAudit(db, now, o.operator, {
    action: `${VERBS[to]}_${table}`,
    subjectIds: [...new Set(ids)].sort((a, b) => a - b).map(String),
    detail: JSON.stringify({ decided_on: o.on ?? japanDate(now), ...extra }),
  });
}
