import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, kyodo, tempDir } from '../helpers/cli.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;
const ITEMS = ['公益性・必要性', '協働の効果（相乗効果）', '実現可能性（体制・実績）', '予算の妥当性', '先駆性・独自性', '継続性・発展性'];
const DOWN = '\x1b[B';

describe.skipIf(!hasPython)('kyodo select score at the terminal', () => {
  it('asks one item at a time with its descriptors, skips the declared conflict, stores the scores and audits both', () => {
    const dir = tempDir();
    const db = join(dir, 'kyodo.db');
    const k = (...args: string[]) => kyodo(['--db', db, ...args]);
    expect(k('init').code).toBe(0);
    expect(k('import', 'orgs', 'data/sample/orgs.csv').code).toBe(0);
    expect(k('select', 'open', '--criteria', 'templates/criteria/proposal-collaboration.yaml', '--call', 'C2025-01').code).toBe(0);
    expect(k('import', 'applications', 'data/sample/selection/applications.csv').code).toBe(0);
    expect(k('select', 'conflict', 'C2025-01', '--reviewer', '委員C', '--org', 'ORG004').code).toBe(0);

    // Six applicants, one in conflict: 5 × 6 items, each a level and a comment. The very first
    // answer moves down one level (5 → 4) and leaves a comment; every other takes the default.
    const answers: [string, string][] = [];
    for (let app = 0; app < 5; app++) {
      ITEMS.forEach((item, i) => {
        const first = app === 0 && i === 0;
        answers.push([`${item}（1〜5）`, first ? `${DOWN}\r` : '\r'], ['コメント', first ? 'テスト\r' : '\r']);
      });
    }
    answers.push(['30件の評点を保存しますか', '\r']);
    const spec = { cmd: [process.execPath, BIN, '--db', db, '--lang', 'ja', 'select', 'score', 'C2025-01', '--reviewer', '委員C'], answers, timeout: 60 };
    const r = spawnSync('python3', [join(ROOT, 'test/helpers/pty-drive.py'), JSON.stringify(spec)], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', NO_COLOR: '1', TERM: 'xterm' },
      timeout: 90_000,
    });
    expect(r.stdout).toMatch(/EXIT 0/);
    // Descriptors are shown for each level; the conflicted applicant is named, never offered.
    expect(r.stdout).toContain('5: 積算根拠が明確で、費用対効果が高い');
    expect(r.stdout).toContain('ORG004: 利害関係が申告されているため評価できません');
    expect(r.stdout).not.toContain('== ORG004');
    // Each applicant is named as the organization roster names it.
    expect(r.stdout).toContain(`== ORG003 ${k('--json', 'show', 'orgs', 'ORG003').json().record.name} ==`);

    const scores = k('--json', 'list', 'scores').json().rows as { org_id: string; item: string; score: number; comment: string | null }[];
    expect(scores).toHaveLength(30);
    expect(scores.some((s) => s.org_id === 'ORG004')).toBe(false);
    const commented = scores.filter((s) => s.comment !== null);
    expect(commented).toEqual([expect.objectContaining({ org_id: 'ORG003', item: 'public_benefit', score: 4, comment: 'テスト' })]);
    expect(scores.filter((s) => s.score === 5)).toHaveLength(29);

    const actions = (k('--json', 'audit').json().audit as { action: string; recipient: string; subject_ids: string[] }[]).map((e) => [e.action, e.recipient, e.subject_ids.join(' ')]);
    expect(actions).toContainEqual(['selection_score_refused', '委員C', 'C2025-01 ORG004']);
    expect(actions).toContainEqual(['selection_score', '委員C', 'C2025-01 ORG003 ORG011 ORG023 ORG027 ORG028']);
  });
});
