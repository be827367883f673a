import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, kyodo, tempDir } from '../helpers/cli.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;
const ITEMS = ['公益性・必要性', '協働の効果（相乗効果）', '実現可能性（体制・実績）', '予算の妥当性', '先駆性・独自性', '継続性・発展性'];
const DOWN = '\x1b[B';
const CTRL_C = '\x03';
const CONFIRM = 'の評点はこれでよいですか';

/** A call with the sample applicants, 委員C declared in conflict with ORG004 (so 委員C scores five applicants). */
function openCall(): { db: string; k: (...args: string[]) => ReturnType<typeof kyodo> } {
  const db = join(tempDir(), 'kyodo.db');
  const k = (...args: string[]) => kyodo(['--db', db, ...args]);
  expect(k('init').code).toBe(0);
  expect(k('import', 'orgs', 'data/sample/orgs.csv').code).toBe(0);
  expect(k('select', 'open', '--criteria', 'templates/criteria/proposal-collaboration.yaml', '--call', 'C2025-01').code).toBe(0);
  expect(k('import', 'applications', 'data/sample/selection/applications.csv').code).toBe(0);
  expect(k('select', 'conflict', 'C2025-01', '--reviewer', '委員C', '--org', 'ORG004').code).toBe(0);
  return { db, k };
}

/** Runs `kyodo select score` on a pseudo-terminal, answering as a person would; the transcript ends with "EXIT n". */
function atTerminal(db: string, answers: [string, string][], extra: string[] = ['--reviewer', '委員C']): string {
  const spec = { cmd: [process.execPath, BIN, '--db', db, '--lang', 'ja', 'select', 'score', 'C2025-01', ...extra], answers, timeout: 60 };
  const r = spawnSync('python3', [join(ROOT, 'test/helpers/pty-drive.py'), JSON.stringify(spec)], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', NO_COLOR: '1', TERM: 'xterm' },
    timeout: 90_000,
  });
  return r.stdout;
}

/** Every item of one applicant at its default level, no comment, then "these are right". */
const defaults = (items = ITEMS): [string, string][] => [...items.flatMap((it): [string, string][] => [[`${it}（1〜5）`, '\r'], ['コメント', '\r']]), [CONFIRM, '\r']];

/** What the terminal shows after the last prompt: the one line a Ctrl-C leaves, then the exit code. */
function afterInterrupt(transcript: string): string[] {
  const tail = transcript.slice(transcript.lastIndexOf('中断しました'));
  return tail.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
}

type Score = { org_id: string; item: string; score: number; comment: string | null };

describe.skipIf(!hasPython)('kyodo select score at the terminal', () => {
  it('asks one item at a time with its descriptors, skips the declared conflict, saves each answer, lets the reviewer correct an applicant, and audits both', () => {
    const { db, k } = openCall();
    // ORG003: the first answer moves down one level (5 → 4) with a comment; then "no, enter them again":
    // the first item again one more level down (4 → 3), the rest as stored. Every other applicant takes the defaults.
    const answers: [string, string][] = [
      [`${ITEMS[0]}（1〜5）`, `${DOWN}\r`], ['コメント', 'テスト\r'],
      ...defaults(ITEMS.slice(1)).slice(0, -1), [CONFIRM, 'n\r'],
      [`${ITEMS[0]}（1〜5）`, `${DOWN}\r`], ['コメント', '\r'], ...defaults(ITEMS.slice(1)),
    ];
    for (let app = 1; app < 5; app++) answers.push(...defaults());
    const out = atTerminal(db, answers);
    expect(out).toMatch(/EXIT 0/);
    // Descriptors are shown for each level; the conflicted applicant is named, never offered.
    expect(out).toContain('5: 積算根拠が明確で、費用対効果が高い');
    expect(out).toContain('ORG004: 利害関係が申告されているため評価できません');
    expect(out).not.toContain('== ORG004');
    // Each applicant is named as the organization roster names it; its scores are shown before the check.
    expect(out).toContain(`== ORG003 ${k('--json', 'show', 'orgs', 'ORG003').json().record.name} ==`);
    expect(out).toContain('  公益性・必要性: 4（テスト）');
    expect(out).toContain('評点 36件を保存しました');
    expect(out).toContain('委員C の評点は合計 30件です');

    const scores = k('--json', 'list', 'scores').json().rows as Score[];
    expect(scores).toHaveLength(30);
    expect(scores.some((s) => s.org_id === 'ORG004')).toBe(false);
    // The correction replaced the first answer; the comment was kept (the stored one is the default).
    expect(scores.filter((s) => s.comment !== null)).toEqual([expect.objectContaining({ org_id: 'ORG003', item: 'public_benefit', score: 3, comment: 'テスト' })]);
    expect(scores.filter((s) => s.score === 5)).toHaveLength(29);

    // One audit record per answer (corrections included), each naming the applicant and the item; the refusal too.
    const audit = k('--json', 'audit', '--limit', '1000').json().audit as { action: string; recipient: string; subject_ids: string[]; items: string[]; detail: string }[];
    expect(audit.filter((e) => e.action === 'selection_score_refused').map((e) => [e.recipient, e.subject_ids.join(' ')])).toEqual([['委員C', 'C2025-01 ORG004']]);
    const entered = audit.filter((e) => e.action === 'selection_score');
    expect(entered).toHaveLength(36);
    expect(entered.every((e) => e.recipient === '委員C' && e.subject_ids[0] === 'C2025-01' && e.items.length === 1)).toBe(true);
    expect(entered.filter((e) => JSON.parse(e.detail).corrected === true)).toHaveLength(6);
    // The session is one run in the import history.
    const runs = k('--json', 'imports').json().runs as { format: string; rows: number; inserted: number; updated: number }[];
    expect(runs.filter((r) => r.format === 'interactive')).toEqual([expect.objectContaining({ rows: 36, inserted: 30, updated: 6 })]);
  });

  it('Ctrl-C: exit 130 and one line; the scores entered are kept, and the next run resumes at the first unscored item', () => {
    const { db, k } = openCall();
    // ORG003 whole, then ORG011's first two items (the second with a comment), Ctrl-C at the third.
    const first = atTerminal(db, [
      ...defaults(),
      [`${ITEMS[0]}（1〜5）`, '\r'], ['コメント', '\r'], [`${ITEMS[1]}（1〜5）`, `${DOWN}\r`], ['コメント', 'メモ\r'],
      [`${ITEMS[2]}（1〜5）`, CTRL_C],
    ]);
    expect(first).toMatch(/EXIT 130\s*$/);
    expect(afterInterrupt(first)).toEqual([
      '中断しました（Ctrl-C）。入力済みの評点 8件は保存してあります。同じコマンドで ORG011 の「実現可能性（体制・実績）」から再開できます',
      'EXIT 130',
    ]);
    expect(first).not.toMatch(/不具合|bug|\n\s+at |ExitPromptError/);
    const kept = k('--json', 'list', 'scores').json().rows as Score[];
    expect(kept).toHaveLength(8);
    expect(kept.filter((s) => s.org_id === 'ORG011')).toEqual([
      expect.objectContaining({ item: 'public_benefit', score: 5, comment: null }),
      expect.objectContaining({ item: 'synergy', score: 4, comment: 'メモ' }),
    ]);

    // The next run says where it resumes and asks ORG011's third item first: nothing entered is asked again.
    const answers: [string, string][] = [...defaults(ITEMS.slice(2))];
    for (let app = 0; app < 3; app++) answers.push(...defaults());
    const second = atTerminal(db, answers);
    expect(second).toMatch(/EXIT 0/);
    expect(second).toContain('ORG011 の途中から再開します（「実現可能性（体制・実績）」から。入力済み 8件）');
    expect(second).not.toContain('== ORG003');
    const org011 = second.slice(second.indexOf('== ORG011'), second.indexOf('== ORG023'));
    expect(org011).not.toContain(`${ITEMS[0]}（1〜5）`);
    expect(org011).not.toContain(`${ITEMS[1]}（1〜5）`);
    expect(org011).toContain('  協働の効果（相乗効果）: 4（メモ）'); // the check shows the item entered before the interruption
    expect(second).toContain('評点 22件を保存しました');
    expect(k('--json', 'list', 'scores').json().rows).toHaveLength(30);

    // A third run has nothing left to ask.
    const third = atTerminal(db, []);
    expect(third).toMatch(/EXIT 0/);
    expect(third).toContain('委員C の評点はすべて入力済みです（30件）');
  });

  it('Ctrl-C at the reviewer\'s name: exit 130, one line, nothing saved', () => {
    const { db, k } = openCall();
    const out = atTerminal(db, [['審査委員名', CTRL_C]], []);
    expect(afterInterrupt(out)).toEqual(['中断しました（Ctrl-C）。評点は保存していません', 'EXIT 130']);
    expect(out).not.toMatch(/不具合|\n\s+at /);
    expect(k('--json', 'list', 'scores').json().rows).toEqual([]);
  });
});
