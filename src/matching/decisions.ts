/**
 * What the three kinds of saved proposals (volunteer matches, room proposals, resource
 * allocations) share when a coordinator decides on them: which moves are allowed, how a
 * refused move is said, the error of a decision refused as a whole, and their list filters.
 */
import { KyodoError, msg, type Msg } from '../errors.js';

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
