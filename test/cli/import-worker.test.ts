// The worker-thread import (big files) must decide exactly as the in-thread one (small files),
// and so must a file read in two parts on two workers (a big re-import): all three are forced
// here (KYODO_IMPORT_WORKER, KYODO_IMPORT_SPLIT) on the ugly and real fixtures, and compared on
// output, exit code, rejects file and the resulting rows.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, kyodo, tempDir } from '../helpers/cli.js';

const ugly = (f: string) => join(FIXTURES, 'ugly', f);
const real = (f: string) => join(FIXTURES, 'real', f);

const IN_THREAD = { KYODO_IMPORT_WORKER: '0' };
const ONE_WORKER = { KYODO_IMPORT_WORKER: '1', KYODO_IMPORT_SPLIT: '0' };
const TWO_PARTS = { KYODO_IMPORT_WORKER: '1', KYODO_IMPORT_SPLIT: '1' };

type Step = { kind: string; file: string; flags?: string[] };

function runModes(steps: Step[], modes: Record<string, string>[]) {
  const out: Record<string, unknown>[] = [];
  for (const env of modes) {
    const dir = tempDir();
    const db = join(dir, 'k.db');
    const results: unknown[] = [];
    steps.forEach((s, i) => {
      const rejects = join(dir, `rejects-${i}.csv`);
      const r = kyodo(['--db', db, '--json', 'import', s.kind, s.file, '--rejects', rejects, ...(s.flags ?? [])], { env });
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

const runBoth = (steps: Step[]) => runModes(steps, [IN_THREAD, ONE_WORKER, TWO_PARTS]);

describe('import on a worker thread', () => {
  for (const f of ['bom-crlf.csv', 'sjis-excel.csv', 'ragged.csv', 'nul.csv', 'bad-cells.csv', 'embedded-crlf.csv', 'unknown-headers.csv', 'unclosed-quote.csv', 'invalid-bytes.csv']) {
    it(`decides ${f} exactly as the in-thread import`, () => {
      const [inThread, worker, parts] = runBoth([{ kind: 'volunteers', file: ugly(f) }]);
      expect(worker).toEqual(inThread);
      expect(parts).toEqual(inThread);
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
    const [inThread, worker, parts] = runBoth([{ kind: 'volunteers', file: a }, { kind: 'volunteers', file: b, flags: ['--full'] }, { kind: 'volunteers', file: a }]);
    expect(worker).toEqual(inThread);
    expect(parts).toEqual(inThread);
  });

  it('a file error past the first read chunk fails the same way, and nothing is stored', () => {
    const dir = tempDir();
    const big = join(dir, 'big.csv');
    const rows = ['volunteer_id,name,kana,phone,skills'];
    for (let i = 0; i < 30_000; i++) rows.push(`V${String(i).padStart(7, '0')},山田 太郎${i},ヤマダ,03-1234-5678,"手話,普通免許"`);
    rows.push('V9999999,"never closed,x');
    writeFileSync(big, rows.join('\n') + '\n'); // > 1 MiB: the error is found after the header chunk
    const [inThread, worker, parts] = runBoth([{ kind: 'volunteers', file: big }]);
    expect(worker).toEqual(inThread);
    expect(parts).toEqual(inThread);
    expect(JSON.stringify(worker)).toContain('never closed');
    expect(JSON.parse((worker!.lists as string[])[0]!).rows).toEqual([]);
  });

  it('facilities from a real open-data file agree, imported again in full (composite keys, stored hashes split between the threads)', () => {
    const step = { kind: 'facilities', file: real('takamatsu_community_center.csv'), flags: ['--mapping', real('takamatsu.mapping.yaml')] };
    const [inThread, worker, parts] = runBoth([step, { ...step, flags: [...step.flags, '--full'] }]);
    expect(worker).toEqual(inThread);
    expect(parts).toEqual(inThread);
    expect(((worker!.results as { stdout: string }[])[1]!.stdout)).toContain('"unchanged"');
  });
});

describe('a file read in two parts (KYODO_IMPORT_SPLIT=<byte>: cut after the first line feed from there)', () => {
  const header = 'volunteer_id,name,kana,phone,address,skills,availability,max_assignments,consent_share';
  /** CRLF rows with multi-line quoted addresses (line feeds a cut may fall into), rejects, and `extra` rows. */
  function roster(extra: string[] = []): string {
    const rows = [header];
    for (let i = 1; i <= 60; i++) {
      const id = `V${String(i).padStart(3, '0')}`;
      const address = i % 7 === 0 ? `"架空市さくら区\r\n新川${i}丁目\r\n(裏口)"` : `架空市さくら区新川${i}丁目`;
      const phone = i % 11 === 0 ? 'abc' : `03-1234-${String(1000 + i)}`;
      rows.push(`${id},山田 ${i},ヤマダ,${phone},${address},"手話,普通免許",平日夜間,${1 + (i % 3)},はい`);
    }
    return '\uFEFF' + [...rows, ...extra].join('\r\n') + '\r\n';
  }
  /** Byte offsets just before each line feed of the file: a cut there is taken right after it. */
  function lineFeeds(text: string): { at: number; quoted: boolean }[] {
    const bytes = Buffer.from(text);
    const out: { at: number; quoted: boolean }[] = [];
    let quoted = false;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0x22) quoted = !quoted;
      if (bytes[i] === 0x0a) out.push({ at: i, quoted });
    }
    return out;
  }
  const trace = (r: { results: unknown }) => (r.results as { stderr: string }[]).map((x) => x.stderr).join('');
  const withoutTrace = (r: Record<string, unknown>) => ({
    ...r, results: (r.results as { stderr: string }[]).map((x) => ({ ...x, stderr: x.stderr.replace(/^kyodo import: .*\n/gm, '') })),
  });

  it('decides as one reader wherever the cut falls: at a record end, or inside a quoted field (read again whole)', () => {
    const dir = tempDir();
    const file = join(dir, 'v.csv');
    const text = roster();
    writeFileSync(file, text);
    const feeds = lineFeeds(text);
    const inside = feeds.filter((f) => f.quoted).slice(1, 3);
    const between = feeds.filter((f) => !f.quoted).filter((_, i, a) => i === 1 || i === Math.floor(a.length / 2) || i === a.length - 2);
    const [oneReader] = runModes([{ kind: 'volunteers', file }], [IN_THREAD]);
    const seen = new Set<string>();
    for (const f of [...inside, ...between]) {
      const [parts] = runModes([{ kind: 'volunteers', file }], [{ ...TWO_PARTS, KYODO_IMPORT_SPLIT: String(f.at), KYODO_IMPORT_TRACE: '1' }]);
      const how = trace(parts!);
      expect(how, `cut after byte ${f.at}`).toMatch(f.quoted ? /inside a quoted field\): reading the file again as one part/ : /read in two parts, cut at byte/);
      seen.add(f.quoted ? 'redo' : 'parts');
      expect(withoutTrace(parts!), `cut after byte ${f.at}`).toEqual(oneReader);
    }
    expect([...seen].sort()).toEqual(['parts', 'redo']);
    // The rejects of both parts are in line order, with physical lines past the multi-line cells.
    const rejects = ((oneReader!.results as { rejectsText: string }[])[0]!.rejectsText).split('\n').filter((l) => /^V\d/.test(l)).map((l) => l.slice(0, 4));
    expect(rejects).toEqual(['V011', 'V022', 'V033', 'V044', 'V055']);
  });

  it('a key in both parts (new, or already stored) makes the second row a duplicate, as one reader decides', () => {
    const dir = tempDir();
    const first = join(dir, 'first.csv');
    const again = join(dir, 'again.csv');
    writeFileSync(first, roster());
    // V003 again near the end (in the second part); V099 twice, both past the middle but on either side of the cut.
    const text = roster(['V003,別人,ベツジン,,,,,,', 'V099,新人,シンジン,,,,,,', 'V098,新人,シンジン,,,,,,', 'V099,重複,ジュウフク,,,,,,']);
    writeFileSync(again, text);
    const cut = String(Buffer.byteLength(text) - 80);
    const steps = [{ kind: 'volunteers', file: first }, { kind: 'volunteers', file: again }];
    const [oneReader, parts] = runModes(steps, [IN_THREAD, { ...TWO_PARTS, KYODO_IMPORT_SPLIT: cut, KYODO_IMPORT_TRACE: '1' }]);
    expect(trace(parts!)).toMatch(/a key is in both parts\): reading the file again as one part/);
    expect(withoutTrace(parts!)).toEqual(oneReader);
    expect(JSON.stringify(oneReader)).toContain('duplicate_key');
    // The same with V003 new to the table: both parts read a key the database does not hold.
    const [oneReader2, parts2] = runModes([{ kind: 'volunteers', file: again }], [IN_THREAD, { ...TWO_PARTS, KYODO_IMPORT_SPLIT: String(Math.floor(Buffer.byteLength(text) / 2)), KYODO_IMPORT_TRACE: '1' }]);
    expect(trace(parts2!)).toMatch(/a key is in both parts/);
    expect(withoutTrace(parts2!)).toEqual(oneReader2);
  });

  it('an error in the second part fails with the file line and offset one reader gives, and nothing is stored', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.csv');
    const text = roster();
    const bytes = Buffer.from(text);
    // An invalid UTF-8 byte in the last row, and (another file) a quote never closed.
    const broken = Buffer.concat([bytes.subarray(0, bytes.length - 20), Buffer.from([0xff]), bytes.subarray(bytes.length - 19)]);
    writeFileSync(bad, broken);
    const unclosed = join(dir, 'unclosed.csv');
    writeFileSync(unclosed, roster(['V100,"never closed,x']));
    for (const file of [bad, unclosed]) {
      const [oneReader, parts] = runModes([{ kind: 'volunteers', file }], [IN_THREAD, TWO_PARTS]);
      expect(parts).toEqual(oneReader);
      expect((oneReader!.results as { code: number }[])[0]!.code).not.toBe(0);
      expect(JSON.parse((parts!.lists as string[])[0]!).rows).toEqual([]);
    }
  });
});
