// The worker-thread import (big files) must decide exactly as the in-thread one (small files):
// both are forced here (KYODO_IMPORT_WORKER) on the ugly and real fixtures, and compared on
// output, exit code, rejects file and the resulting rows.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, kyodo, tempDir } from '../helpers/cli.js';

const ugly = (f: string) => join(FIXTURES, 'ugly', f);
const real = (f: string) => join(FIXTURES, 'real', f);

function runBoth(steps: { kind: string; file: string; flags?: string[] }[]) {
  const out: Record<string, unknown>[] = [];
  for (const mode of ['0', '1']) {
    const dir = tempDir();
    const db = join(dir, 'k.db');
    const results: unknown[] = [];
    steps.forEach((s, i) => {
      const rejects = join(dir, `rejects-${i}.csv`);
      const r = kyodo(['--db', db, '--json', 'import', s.kind, s.file, '--rejects', rejects, ...(s.flags ?? [])], { env: { KYODO_IMPORT_WORKER: mode } });
      let rejectsText: string | null = null;
      try {
        rejectsText = readFileSync(rejects, 'utf8');
      } catch {
        rejectsText = null;
      }
      results.push({ code: r.code, stdout: r.stdout.replaceAll(dir, '<dir>'), stderr: r.stderr.replaceAll(dir, '<dir>'), rejectsText });
    });
    const lists = steps.map((s) => kyodo(['--db', db, '--json', 'list', s.kind]).stdout);
    out.push({ results, lists });
  }
  return out;
}

describe('import on a worker thread', () => {
  for (const f of ['bom-crlf.csv', 'sjis-excel.csv', 'ragged.csv', 'nul.csv', 'bad-cells.csv', 'embedded-crlf.csv', 'unknown-headers.csv', 'unclosed-quote.csv', 'invalid-bytes.csv']) {
    it(`decides ${f} exactly as the in-thread import`, () => {
      const [inThread, worker] = runBoth([{ kind: 'volunteers', file: ugly(f) }]);
      expect(worker).toEqual(inThread);
    });
  }

  it('re-import, changed rows, duplicates and --full retirement agree', () => {
    const dir = tempDir();
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    const header = 'volunteer_id,name,kana,phone,skills,availability,max_assignments,consent_share';
    writeFileSync(a, [header, 'V1,山田 太郎,ヤマダ,03-1234-5678,手話,平日夜間,1,はい', 'V2,佐藤 花子,サトウ,090-1234-5678,"普通免許,手話",土日,2,いいえ',
      'V3,鈴木 一郎,スズキ,,,,,', 'V4,田中,タナカ,,,,,'].join('\n') + '\n');
    writeFileSync(b, [header, 'V1,山田 太郎,ヤマダ,03-1234-5678,手話,平日夜間,1,はい', 'V2,佐藤 花子,サトウ,090-1234-5678,手話,土日,3,いいえ',
      'V2,重複,ジュウフク,,,,,', 'V5,新人,シンジン,0312345678,,,,', 'V6,,,,,,,', 'V7,電話,デンワ,abc,,,,'].join('\n') + '\n');
    const [inThread, worker] = runBoth([{ kind: 'volunteers', file: a }, { kind: 'volunteers', file: b, flags: ['--full'] }, { kind: 'volunteers', file: a }]);
    expect(worker).toEqual(inThread);
  });

  it('a file error past the first read chunk fails the same way, and nothing is stored', () => {
    const dir = tempDir();
    const big = join(dir, 'big.csv');
    const rows = ['volunteer_id,name,kana,phone,skills'];
    for (let i = 0; i < 30_000; i++) rows.push(`V${String(i).padStart(7, '0')},山田 太郎${i},ヤマダ,03-1234-5678,"手話,普通免許"`);
    rows.push('V9999999,"never closed,x');
    writeFileSync(big, rows.join('\n') + '\n'); // > 1 MiB: the error is found after the header chunk
    const [inThread, worker] = runBoth([{ kind: 'volunteers', file: big }]);
    expect(worker).toEqual(inThread);
    expect(JSON.stringify(worker)).toContain('never closed');
    expect(JSON.parse((worker!.lists as string[])[0]!).rows).toEqual([]);
  });

  it('facilities from a real open-data file agree, imported again in full (composite keys, stored hashes split between the threads)', () => {
    const step = { kind: 'facilities', file: real('takamatsu_community_center.csv'), flags: ['--mapping', real('takamatsu.mapping.yaml')] };
    const [inThread, worker] = runBoth([step, { ...step, flags: [...step.flags, '--full'] }]);
    expect(worker).toEqual(inThread);
    expect(((worker!.results as { stdout: string }[])[1]!.stdout)).toContain('"unchanged"');
  });
});
