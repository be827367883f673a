import { createWriteStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FIXTURES, kyodo, kyodoSpawn, tempDir } from '../helpers/cli.js';

/** Writes a valid volunteers roster big enough that an import is still running when it is killed. */
async function writeBigRoster(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('volunteer_id,name,kana,birth_date,phone,email,skills,availability\n');
  for (let i = 0; i < rows; i++) {
    const line = `X${String(i).padStart(7, '0')},山田 太郎${i},ヤマダ タロウ,1980-01-${String((i % 28) + 1).padStart(2, '0')},090-1234-${String(i % 10000).padStart(4, '0')},u${i}@example.jp,"手話;PC",土午後;日午前\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * A database holding three volunteers and a 400,000-row roster beside it; `start` begins importing it and
 * resolves once the import is under way (its marker file is there), with the database as it was before.
 */
async function bigImport(env: Record<string, string> = {}) {
  const dir = tempDir();
  const db = join(dir, 'kyodo.db');
  expect(kyodo(['--db', db, 'import', 'volunteers', join(FIXTURES, 'ugly', 'bom-crlf.csv')]).code).toBe(0);
  const before = kyodo(['--db', db, '--json', 'list', 'volunteers']).stdout;
  const big = join(dir, 'big.csv');
  await writeBigRoster(big, 400_000);
  const child = kyodoSpawn(['--db', db, 'import', 'volunteers', big], env);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const running = () => readdirSync(dir).some((f) => /^kyodo\.db\.import-.*\.running$/.test(f));
  const deadline = Date.now() + 30_000;
  while (!running() && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 150));
  return { dir, db, before, child, stderr: () => stderr };
}

describe('kill -9 during an import', () => {
  it('leaves the database exactly as it was, and the next run reports the import as interrupted', async () => {
    const { db, before, child } = await bigImport();
    child.kill('SIGKILL');
    const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
    expect(signal).toBe('SIGKILL');

    expect(kyodo(['--db', db, '--json', 'list', 'volunteers']).stdout).toBe(before);
    expect(kyodo(['--db', db, '--json', 'db', 'check']).json()).toMatchObject({ ok: true });
    const runs = kyodo(['--db', db, '--json', 'imports']).json().runs as Record<string, unknown>[];
    expect(runs[0]).toMatchObject({ status: 'interrupted', kind: 'volunteers', inserted: 0 });
    expect(runs[1]).toMatchObject({ status: 'done', inserted: 3 });
    // The next nightly run works normally.
    expect(kyodo(['--db', db, '--json', 'import', 'volunteers', join(FIXTURES, 'ugly', 'bom-crlf.csv')]).json()).toMatchObject({ unchanged: 3 });
  });
});

describe('Ctrl-C during an import', () => {
  for (const worker of ['0', '1']) {
    it(`says it was cancelled and nothing changed, exits 130, and the history says so (worker ${worker})`, async () => {
      const { dir, db, before, child, stderr } = await bigImport({ KYODO_IMPORT_WORKER: worker });
      child.kill('SIGINT');
      const [code] = (await once(child, 'exit')) as [number | null, string | null];
      expect(code).toBe(130);
      expect(stderr().trim()).toBe('import cancelled (Ctrl-C); nothing was changed');

      expect(kyodo(['--db', db, '--json', 'list', 'volunteers']).stdout).toBe(before);
      const runs = kyodo(['--db', db, '--json', 'imports']).json().runs as Record<string, unknown>[];
      expect(runs[0]).toMatchObject({ status: 'cancelled', error_code: 'interrupted', inserted: 0 });
      expect(runs).toHaveLength(2);
      expect(readdirSync(dir).filter((f) => f.endsWith('.running'))).toEqual([]);
    });
  }
});
