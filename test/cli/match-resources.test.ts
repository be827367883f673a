import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { kyodo as kyodoCli, tempDir } from '../helpers/cli.js';

const SAMPLE = new URL('../../data/sample/', import.meta.url).pathname;
const kyodo = (args: string[]) => kyodoCli(args, { env: { KYODO_OPERATOR: 'tester' } });

describe('kyodo match resources on the sample ward', () => {
  const dir = tempDir('kyodo-res-');
  const db = join(dir, 'kyodo.db');
  const run = (args: string[]) => kyodo(['--db', db, ...args]);

  it('imports the sample offers and needs, and lists them', async () => {
    expect((await run(['import', 'orgs', join(SAMPLE, 'orgs.csv')])).code).toBe(0);
    const offers = await run(['--json', 'import', 'offers', join(SAMPLE, 'offers.csv')]);
    expect(offers.code).toBe(0);
    expect(offers.json()).toMatchObject({ kind: 'offers', rows: 40, inserted: 40, rejected: 0 });
    const needs = await run(['--json', 'import', 'needs', join(SAMPLE, 'needs.csv')]);
    expect(needs.code).toBe(0);
    expect(needs.json()).toMatchObject({ kind: 'needs', rows: 50, inserted: 50, rejected: 0 });
    const list = (await run(['--json', 'list', 'offers'])).json();
    expect(list.rows).toHaveLength(40);
    expect(list.rows[0]).toMatchObject({ offer_id: 'OF0001', category: '日用品', quantity: 14, unit: 'パック', status: 'open' });
    // Categories went through the synonym table: 食料品 → 食品.
    expect(new Set(list.rows.map((r: any) => r.category)).has('食料品')).toBe(false);
    const needRows = (await run(['--json', 'list', 'needs'])).json().rows;
    expect(needRows.find((r: any) => r.request_id === 'RQ0002')).toMatchObject({ category: '食品', urgency: 3, needed_by: '2026-05-16' });
    // Re-import changes nothing.
    expect((await run(['--json', 'import', 'offers', join(SAMPLE, 'offers.csv')])).json()).toMatchObject({ unchanged: 40, inserted: 0 });
  });

  it('same input, same bytes; allocations respect quantities and the objective is their sum', async () => {
    const a = await run(['--json', 'match', 'resources', '--as-of', '2026-04-01']);
    const b = await run(['--json', 'match', 'resources', '--as-of', '2026-04-01']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const doc = a.json();
    expect(doc).toMatchObject({ run_id: null, kind: 'resources', as_of: '2026-04-01' });
    expect(doc.allocations.length).toBeGreaterThan(10);
    const sum = doc.allocations.reduce((s: number, x: any) => s + x.score * x.quantity, 0);
    expect(doc.objective).toBeCloseTo(sum, 4);
    const keys = doc.allocations.map((x: any) => `${x.request_id} ${x.offer_id}`);
    expect(keys).toEqual([...keys].sort());
    const sqlite = openDatabase(db);
    const offerQty = new Map((sqlite.prepare('SELECT offer_id, quantity FROM resource_offers').all() as any[]).map((r) => [r.offer_id, r.quantity]));
    const needQty = new Map((sqlite.prepare('SELECT request_id, quantity FROM resource_requests').all() as any[]).map((r) => [r.request_id, r.quantity]));
    sqlite.close();
    const out = new Map<string, number>();
    const inn = new Map<string, number>();
    for (const x of doc.allocations) {
      expect(x.quantity).toBeGreaterThan(0);
      expect(x.reasons[0]).toMatch(/^分類 .+ 一致$/);
      out.set(x.offer_id, (out.get(x.offer_id) ?? 0) + x.quantity);
      inn.set(x.request_id, (inn.get(x.request_id) ?? 0) + x.quantity);
    }
    for (const [k, n] of out) expect(n).toBeLessThanOrEqual(offerQty.get(k)!);
    for (const [k, n] of inn) expect(n).toBeLessThanOrEqual(needQty.get(k)!);
    for (const u of doc.unfulfilled) {
      expect(u.missing).toBe(needQty.get(u.request_id)! - (inn.get(u.request_id) ?? 0));
      expect(u.reasons.length).toBeGreaterThan(0);
    }
    const told = new Set(doc.unfulfilled.map((u: any) => u.reasons[0]));
    expect(told.has('同じ分類の提供がない')).toBe(true);
    for (const o of doc.leftover_offers) expect(o.quantity).toBe(offerQty.get(o.offer_id)! - (out.get(o.offer_id) ?? 0));
  });

  it('--save stores the run and its allocations; table, csv and xlsx outputs', async () => {
    const saved = (await run(['--json', 'match', 'resources', '--as-of', '2026-04-01', '--save'])).json();
    expect(saved.run_id).toBe(1);
    const sqlite = openDatabase(db);
    expect(sqlite.prepare(`SELECT kind, pairs FROM match_runs WHERE run_id = 1`).get()).toEqual({ kind: 'resources', pairs: saved.allocations.length });
    expect(sqlite.prepare(`SELECT count(*) FROM resource_allocations WHERE status = 'proposed'`).pluck().get()).toBe(saved.allocations.length);
    sqlite.close();
    const again = (await run(['--json', 'match', 'resources', '--as-of', '2026-04-01', '--save'])).json();
    expect(again.run_id).toBe(2);
    const sqlite2 = openDatabase(db);
    expect(sqlite2.prepare(`SELECT count(*) FROM resource_allocations WHERE status = 'superseded'`).pluck().get()).toBe(saved.allocations.length);
    sqlite2.close();
    const table = await run(['match', 'resources', '--as-of', '2026-04-01']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/要望ID/);
    expect(table.stderr).toMatch(/allocations .*optimal/);
    const csv = await run(['match', 'resources', '--as-of', '2026-04-01', '--format', 'csv']);
    expect(csv.stdout.startsWith('\uFEFF要望ID,団体ID,提供ID,分類,品名,数量,単位,点数/単位,理由')).toBe(true);
    expect((await run(['match', 'resources', '--format', 'xlsx'])).code).toBe(2);
    const xlsx = join(dir, 'out.xlsx');
    expect((await run(['match', 'resources', '--as-of', '2026-04-01', '--format', 'xlsx', '--out', xlsx])).code).toBe(0);
    expect(existsSync(xlsx)).toBe(true);
  });
});
