import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KyodoError } from '../../../src/errors.js';
import { assertWritable, openAtomicWriter, writeFileAtomic } from '../../../src/io/atomic-write.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kyodo-atomic-'));
});
afterEach(() => {
  chmodSync(dir, 0o700);
  rmSync(dir, { recursive: true, force: true });
});

const isRoot = process.getuid?.() === 0;

function caught(fn: () => void): KyodoError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KyodoError);
    return err as KyodoError;
  }
  throw new Error('expected an error');
}

describe('writeFileAtomic', () => {
  it('writes a string or bytes and leaves no temp file', () => {
    writeFileAtomic(join(dir, 'a.csv'), '\uFEFF氏名\r\n田中\r\n');
    writeFileAtomic(join(dir, 'b.bin'), new Uint8Array([1, 2, 3]));
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('\uFEFF氏名\r\n田中\r\n');
    expect([...readFileSync(join(dir, 'b.bin'))]).toEqual([1, 2, 3]);
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'b.bin']);
  });

  it('refuses to replace an existing file without force, before writing anything', () => {
    const p = join(dir, 'report.csv');
    writeFileSync(p, 'old');
    const err = caught(() => writeFileAtomic(p, 'new'));
    expect(err.code).toBe('file_exists');
    expect(err.exitCode).toBe(1);
    expect(err.context.file).toBe(p);
    expect(err.context.hint).toEqual({ en: 'pass --force to overwrite', ja: '--force を付けると上書きします' });
    expect(readFileSync(p, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['report.csv']);
  });

  it('replaces an existing file with force', () => {
    const p = join(dir, 'report.csv');
    writeFileSync(p, 'old');
    writeFileAtomic(p, 'new', { force: true });
    expect(readFileSync(p, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['report.csv']);
  });

  it('sets the mode exactly (0600 for personal data), whatever the umask', () => {
    const p = join(dir, 'rejects.csv');
    writeFileAtomic(p, 'x', { mode: 0o600 });
    expect(statSync(p).mode & 0o777).toBe(0o600);
    writeFileAtomic(join(dir, 'pub.csv'), 'x', { mode: 0o644 });
    expect(statSync(join(dir, 'pub.csv')).mode & 0o777).toBe(0o644);
  });

  it('keeps the mode of the file it replaces when no mode is given', () => {
    const p = join(dir, 'personal.csv');
    writeFileSync(p, 'old', { mode: 0o600 });
    chmodSync(p, 0o600);
    writeFileAtomic(p, 'new', { force: true });
    expect(statSync(p).mode & 0o777).toBe(0o600);
  });

  it('a missing directory is a usage error naming the file and the directory', () => {
    const p = join(dir, 'no', 'such', 'x.csv');
    const err = caught(() => writeFileAtomic(p, 'x'));
    expect(err.code).toBe('directory_missing');
    expect(err.exitCode).toBe(2);
    expect(err.context.file).toBe(p);
    expect(err.msg.en).toBe(`cannot write ${p}: the directory ${join(dir, 'no', 'such')} does not exist`);
    expect(err.msg.ja).toBe(`${p} を書き出せません。ディレクトリ ${join(dir, 'no', 'such')} がありません`);
  });

  it('a directory in the way is "is a directory", with or without force, and leaves no temp file', () => {
    const p = join(dir, 'sub');
    mkdirSync(p);
    for (const force of [false, true]) {
      const err = caught(() => writeFileAtomic(p, 'x', { force }));
      expect(err.code).toBe('is_directory');
      expect(err.exitCode).toBe(2);
      expect(err.msg.en).toBe(`cannot write ${p}: it is a directory`);
    }
    expect(readdirSync(dir)).toEqual(['sub']);
    expect(statSync(p).isDirectory()).toBe(true);
  });

  it.skipIf(isRoot)('an unwritable directory is "not writable", nothing left behind', () => {
    chmodSync(dir, 0o500);
    const err = caught(() => writeFileAtomic(join(dir, 'x.csv'), 'x'));
    expect(err.code).toBe('directory_not_writable');
    expect(err.exitCode).toBe(2);
    expect(err.msg.en).toContain('is not writable');
    chmodSync(dir, 0o700);
    expect(readdirSync(dir)).toEqual([]);
  });
});

/** Things that are not regular files, made in the test directory (a device node only where mknod is allowed). */
const SPECIAL: [string, (p: string) => boolean][] = [
  ['a dangling symlink', (p) => (symlinkSync(join(dir, 'nowhere'), p), true)],
  ['a symlink to a regular file', (p) => (writeFileSync(join(dir, 'real.csv'), 'real'), symlinkSync(join(dir, 'real.csv'), p), true)],
  ['a FIFO', (p) => spawnSync('mkfifo', [p]).status === 0],
  ['a character device', (p) => spawnSync('mknod', [p, 'c', '1', '7']).status === 0], // the numbers of /dev/full
];

describe('never replaces what is not a regular file, even with force (reliability.md: --out /dev/full)', () => {
  for (const [what, make] of SPECIAL) {
    it(`refuses ${what}`, (ctx) => {
      const p = join(dir, 'out.csv');
      if (!make(p)) return ctx.skip();
      const before = lstatSync(p);
      for (const force of [false, true]) {
        for (const attempt of [() => writeFileAtomic(p, 'x', { force }), () => assertWritable(p, { force }), () => openAtomicWriter(p, { force })]) {
          const err = caught(attempt);
          expect(err.code).toBe('not_regular_file');
          expect(err.exitCode).toBe(2);
          expect(err.context.file).toBe(p);
          expect(err.msg.en).toMatch(/^cannot write .*: it is (a symbolic link|a named pipe \(FIFO\)|a device), not a regular file; kyodo replaces only regular files, even with --force$/);
        }
      }
      const after = lstatSync(p);
      expect([after.ino, after.mode]).toEqual([before.ino, before.mode]);
      if (existsSync(join(dir, 'real.csv'))) expect(readFileSync(join(dir, 'real.csv'), 'utf8')).toBe('real');
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });
  }

  it('refuses a socket', async () => {
    const p = join(dir, 'out.sock');
    const server = createServer();
    await new Promise<void>((ok) => server.listen(p, ok));
    try {
      expect(caught(() => writeFileAtomic(p, 'x', { force: true })).code).toBe('not_regular_file');
      expect(lstatSync(p).isSocket()).toBe(true);
    } finally {
      server.close();
    }
  });

  it('checks again before the rename: a FIFO that took the name while writing is not replaced', (ctx) => {
    const p = join(dir, 'race.csv');
    writeFileSync(p, 'old');
    const w = openAtomicWriter(p, { force: true });
    w.write('new');
    rmSync(p);
    if (spawnSync('mkfifo', [p]).status !== 0) return ctx.skip();
    expect(caught(() => w.commit()).code).toBe('not_regular_file');
    expect(lstatSync(p).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['race.csv']);
  });

  it('assertWritable gives the same verdicts as the writer, creating nothing', () => {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'old.csv'), 'old');
    const cases: [string, boolean, string | undefined][] = [
      [join(dir, 'new.csv'), false, undefined],
      [join(dir, 'old.csv'), false, 'file_exists'],
      [join(dir, 'old.csv'), true, undefined],
      [join(dir, 'sub'), true, 'is_directory'],
      [join(dir, 'no', 'x.csv'), true, 'directory_missing'],
      [join(dir, 'old.csv', 'x.csv'), true, 'write_failed'],
    ];
    for (const [p, force, code] of cases) {
      const check = (fn: () => void): string | undefined => {
        try {
          fn();
          return undefined;
        } catch (err) {
          return (err as KyodoError).code;
        }
      };
      expect(check(() => assertWritable(p, { force })), p).toBe(code);
      expect(readdirSync(dir).sort()).toEqual(['old.csv', 'sub']);
      const w = check(() => openAtomicWriter(p, { force }).abort());
      expect(w, p).toBe(code);
    }
    expect(readFileSync(join(dir, 'old.csv'), 'utf8')).toBe('old');
  });
});

describe('openAtomicWriter', () => {
  it('nothing appears under the final name until commit', () => {
    const p = join(dir, 'big.csv');
    const w = openAtomicWriter(p, { mode: 0o600 });
    expect(w.tempPath.startsWith(dir)).toBe(true);
    w.write('a,b\r\n');
    for (let i = 0; i < 1000; i++) w.write(`${i},${'x'.repeat(100)}\r\n`);
    w.write(new Uint8Array([0x7a]));
    expect(existsSync(p)).toBe(false);
    expect(existsSync(w.tempPath)).toBe(true);
    w.commit();
    expect(existsSync(w.tempPath)).toBe(false);
    const text = readFileSync(p, 'utf8');
    expect(text.startsWith('a,b\r\n0,')).toBe(true);
    expect(text.endsWith('z')).toBe(true);
    expect(statSync(p).mode & 0o777).toBe(0o600);
    w.abort(); // after commit: no-op
    expect(existsSync(p)).toBe(true);
    expect(() => w.write('more')).toThrow();
  });

  it('abort removes the temp file and keeps the old file', () => {
    const p = join(dir, 'report.csv');
    writeFileSync(p, 'old');
    const w = openAtomicWriter(p, { force: true });
    w.write('half a rep');
    w.abort();
    w.abort();
    expect(readFileSync(p, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['report.csv']);
    expect(() => w.commit()).toThrow();
  });

  it('throws file_exists at open, without creating a temp file', () => {
    const p = join(dir, 'report.csv');
    writeFileSync(p, 'old');
    expect(caught(() => openAtomicWriter(p)).code).toBe('file_exists');
    expect(readdirSync(dir)).toEqual(['report.csv']);
  });

  it('does not overwrite a file that appeared while writing (no force)', () => {
    const p = join(dir, 'race.csv');
    const w = openAtomicWriter(p);
    w.write('mine');
    writeFileSync(p, 'theirs');
    expect(caught(() => w.commit()).code).toBe('file_exists');
    expect(readFileSync(p, 'utf8')).toBe('theirs');
    expect(readdirSync(dir)).toEqual(['race.csv']);
  });

  it('two writers to the same name get different temp files', () => {
    const p = join(dir, 'x.csv');
    const a = openAtomicWriter(p, { force: true });
    const b = openAtomicWriter(p, { force: true });
    expect(a.tempPath).not.toBe(b.tempPath);
    a.write('a');
    b.write('b');
    a.commit();
    b.commit();
    expect(readFileSync(p, 'utf8')).toBe('b');
    expect(readdirSync(dir)).toEqual(['x.csv']);
  });
});

describe('streaming CSV into an atomic writer', () => {
  it('a big export appears whole, or not at all', async () => {
    const { createCsvWriter } = await import('../../../src/io/csv-out.js');
    const { parse } = await import('csv-parse/sync');
    const p = join(dir, 'export.csv');
    const file = openAtomicWriter(p, { mode: 0o600 });
    const csv = createCsvWriter(file, { header: ['id', 'name'], batchRows: 100 });
    for (let i = 0; i < 5000; i++) csv.write([`V${String(i).padStart(5, '0')}`, i % 2 ? '=危険' : '田中']);
    csv.end();
    expect(existsSync(p)).toBe(false);
    file.commit();
    const back = parse(readFileSync(p, 'utf8'), { bom: true }) as string[][];
    expect(back).toHaveLength(5001);
    expect(back[1]).toEqual(['V00000', '田中']);
    expect(back[2]).toEqual(['V00001', "'=危険"]);
  });
});
