import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';
import { runKyodo } from '../helpers/in-process.js';
// The generators' seeded PRNG (mulberry32): a seed replays the same files.
import { createRng } from '../../scripts/lib/rng.js';

/**
 * Issue 9, point 16: mutated roster files of every kind, seeded and bounded. Whatever the file,
 * an import ends with exit 0–3 and a plain message (never "this is a bug"), the database passes
 * its integrity check, and a run that failed (1, 2) or changed nothing by design (--dry-run,
 * --strict with rejects) leaves every table but the import history exactly as it was.
 */

const SEED = Number(process.env.KYODO_FUZZ_SEED ?? 20261202);
const CASES = Number(process.env.KYODO_FUZZ_CASES ?? 240);

const sample = (p: string) => join(ROOT, 'data/sample', p);
const BASES: { kind: string; file: string; formats?: string[] }[] = [
  { kind: 'orgs', file: sample('orgs.csv') },
  { kind: 'orgs', file: join(ROOT, 'test/fixtures/real/31_tottori_test_20240329.csv'), formats: ['houjin'] },
  { kind: 'volunteers', file: sample('volunteers.csv') },
  { kind: 'facilities', file: sample('facilities.csv'), formats: ['native', 'opendata'] },
  { kind: 'facilities', file: join(ROOT, 'test/fixtures/real/toshima_public_toilet_old.csv'), formats: ['opendata'] },
  { kind: 'openings', file: sample('openings.csv') },
  { kind: 'offers', file: sample('offers.csv') },
  { kind: 'needs', file: sample('needs.csv') },
  { kind: 'booking_requests', file: sample('booking_requests.csv') },
  { kind: 'bookings', file: sample('bookings.csv') },
  { kind: 'applications', file: sample('selection/applications.csv') },
  { kind: 'scores', file: sample('selection/scores.csv') },
  { kind: 'evaluations', file: sample('selection/evaluations.csv') },
  ...['activities', 'financials', 'programs', 'grants', 'projects', 'events', 'indicators'].map((k) => ({ kind: k, file: sample(`reports/${k}.csv`) })),
];

const NASTY = ['"', ',', '\n', '\r', '\r\n', '\0', '\x1b', '\u00ff', '=', ';', '\t', '１２', '令和1年4月1日', '2023-02-30', '-1', '99999999999999999999', '😀', 'ｶﾅ', '"",""', '\uFEFF'];

function mutate(input: Buffer, r: () => number): Buffer {
  let b = Buffer.from(input);
  const at = () => Math.floor(r() * Math.max(b.length, 1));
  const lines = () => b.toString('utf8').split('\n');
  const steps = 1 + Math.floor(r() * 3);
  for (let s = 0; s < steps; s++) {
    switch (Math.floor(r() * 11)) {
      case 0: { // flip a byte
        const i = at();
        if (b.length > 0) b[i] = Math.floor(r() * 256);
        break;
      }
      case 1: { // insert something nasty
        const i = at();
        b = Buffer.concat([b.subarray(0, i), Buffer.from(NASTY[Math.floor(r() * NASTY.length)]!), b.subarray(i)]);
        break;
      }
      case 2: { // delete a range
        const i = at();
        b = Buffer.concat([b.subarray(0, i), b.subarray(Math.min(b.length, i + 1 + Math.floor(r() * 200)))]);
        break;
      }
      case 3: { // duplicate a line (duplicate keys)
        const l = lines();
        const i = 1 + Math.floor(r() * Math.max(l.length - 1, 1));
        l.splice(i, 0, l[i] ?? '');
        b = Buffer.from(l.join('\n'));
        break;
      }
      case 4: // truncate (a cut-off export)
        b = b.subarray(0, at());
        break;
      case 5: { // shuffle or drop header cells
        const l = lines();
        const h = (l[0] ?? '').split(',');
        if (r() < 0.5) h.splice(Math.floor(r() * h.length), 1);
        else h.reverse();
        l[0] = h.join(',');
        b = Buffer.from(l.join('\n'));
        break;
      }
      case 6: { // a huge or strange cell
        const l = lines();
        const i = 1 + Math.floor(r() * Math.max(l.length - 1, 1));
        const cells = (l[i] ?? '').split(',');
        cells[Math.floor(r() * cells.length)] = r() < 0.3 ? 'x'.repeat(20_000) : NASTY[Math.floor(r() * NASTY.length)]!;
        l[i] = cells.join(',');
        b = Buffer.from(l.join('\n'));
        break;
      }
      case 7: // as Excel in Japan writes it
        b = iconv.encode(b.toString('utf8'), 'cp932');
        break;
      case 8: // header only
        b = Buffer.from(`${lines()[0] ?? ''}\n`);
        break;
      case 9: { // an extra row with too many cells
        b = Buffer.concat([b, Buffer.from(`\n${Array.from({ length: 80 }, (_, i) => `c${i}`).join(',')}\n`)]);
        break;
      }
      default: // an unclosed quote
        b = Buffer.concat([b.subarray(0, at()), Buffer.from('"'), b.subarray(at())]);
    }
  }
  return b;
}

/** Every table's rows, hashed; the import history is left out (a failed run is recorded there, by design). */
function digest(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const h = createHash('sha256');
    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT IN ('import_runs', 'import_rejects') ORDER BY name`).pluck().all() as string[];
    for (const t of tables) h.update(t).update(JSON.stringify(db.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).raw(true).all()));
    return h.digest('hex');
  } finally {
    db.close();
  }
}

function integrity(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

describe('fuzzed roster files', () => {
  it(`${CASES} mutated files over every import kind (seed ${SEED}): exit 0–3, no bug, integrity ok, unchanged when nothing was to change`, async () => {
    const dir = tempDir();
    const db = join(dir, 'kyodo.db');
    // The sample ward, a call with frozen criteria, and the yearly records: every kind has what it refers to.
    expect((await runKyodo(['--db', db, 'init', '--demo'])).code).toBe(3);
    expect((await runKyodo(['--db', db, 'select', 'open', '--criteria', join(ROOT, 'templates/criteria/proposal-collaboration.yaml'), '--call', 'C2025-01'])).code).toBe(0);
    for (const k of ['applications', 'programs', 'projects']) {
      const file = k === 'applications' ? sample('selection/applications.csv') : sample(`reports/${k}.csv`);
      expect((await runKyodo(['--db', db, 'import', k, file])).code).toBeLessThan(4);
    }
    const r: () => number = createRng(SEED).next;
    const seen = new Map<number, number>();
    for (let n = 0; n < CASES; n++) {
      const base = BASES[Math.floor(r() * BASES.length)]!;
      const format = base.formats ? base.formats[Math.floor(r() * base.formats.length)]! : 'native';
      const file = join(dir, `case-${n}.csv`);
      writeFileSync(file, mutate(readFileSync(base.file), r));
      const flags: string[] = [];
      if (r() < 0.25) flags.push('--full', ...(r() < 0.5 ? ['--max-retire', r() < 0.5 ? 'all' : '50%'] : []));
      if (r() < 0.15) flags.push('--strict');
      if (r() < 0.15) flags.push('--dry-run');
      if (r() < 0.15) flags.push('--encoding', r() < 0.5 ? 'shift_jis' : 'utf-8');
      const args = ['--db', db, '--json', 'import', base.kind, file, '--format', format, '--rejects', join(dir, 'rejects.csv'), ...flags];
      const before = digest(db);
      const out = await runKyodo(args);
      const where = `case ${n} (seed ${SEED}): kyodo ${args.join(' ')}\n${out.stderr}`;
      seen.set(out.code, (seen.get(out.code) ?? 0) + 1);
      expect([0, 1, 2, 3], where).toContain(out.code);
      expect(out.stderr, where).not.toMatch(/bug in kyodo/);
      // stdout is one JSON document: the result, or the error.
      expect(() => JSON.parse(out.stdout), where).not.toThrow();
      expect(integrity(db), where).toBe('ok');
      const json = JSON.parse(out.stdout) as { dry_run?: boolean; rolled_back?: boolean };
      if (out.code === 1 || out.code === 2 || json.dry_run || json.rolled_back) expect(digest(db), where).toBe(before);
    }
    // The mutations reach every outcome, so the test keeps meaning something.
    expect([...seen.keys()].sort()).toEqual([0, 1, 2, 3].filter((c) => seen.has(c)));
    expect(seen.get(1) ?? 0).toBeGreaterThan(10);
    expect(seen.get(3) ?? 0).toBeGreaterThan(10);
  }, 240_000);
});
