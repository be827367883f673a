import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, kyodo, tempDir } from '../helpers/cli.js';

// reliability.md, Output / second round: `--out /dev/full --force` as root renamed over the device node.
// Whatever the command, --out (and --candidates) never replaces a directory, symlink, FIFO or device,
// and the messages tell a missing directory, an unwritable one and a directory in the way apart.

const isRoot = process.getuid?.() === 0;
let dir: string;
let db: string;
const k = (...args: string[]) => kyodo(['--db', db, ...args], { env: { KYODO_OPERATOR: 'tester' } });

beforeAll(() => {
  dir = tempDir();
  db = join(dir, 'kyodo.db');
  expect(k('init').code).toBe(0);
  expect(k('import', 'orgs', 'data/sample/orgs.csv').code).toBe(0);
  expect(k('select', 'open', '--criteria', 'templates/criteria/proposal-collaboration.yaml', '--call', 'C2025-01').code).toBe(0);
  expect(k('import', 'applications', 'data/sample/selection/applications.csv').code).toBe(0);
  expect(k('import', 'volunteers', 'data/sample/volunteers.csv').code).toBe(3); // the sample's messy rows
  expect(k('import', 'openings', 'data/sample/openings.csv').code).toBe(0);
});

/** The error is said, not a stack trace. */
function plainError(stderr: string): void {
  expect(stderr).not.toMatch(/bug|\n\s+at /);
}

describe('--out never replaces what is not a regular file, even with --force', () => {
  it('a FIFO: refused (exit 2), still a FIFO, and the disclosure is not recorded as given out', () => {
    const fifo = join(dir, 'pipe.html');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = k('select', 'disclose', 'C2025-01', '--format', 'html', '--out', fifo, '--force');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot write ${fifo}: it is a named pipe (FIFO), not a regular file; kyodo replaces only regular files, even with --force`);
    plainError(r.stderr);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    const audit = k('--json', 'audit').json().audit as { action: string }[];
    expect(audit.map((a) => a.action)).not.toContain('selection_disclose');
  });

  it('a device node (as root, where mknod is allowed): refused, the node is untouched', (ctx) => {
    const dev = join(dir, 'full');
    if (spawnSync('mknod', [dev, 'c', '1', '7']).status !== 0) return ctx.skip(); // the numbers of /dev/full
    const before = lstatSync(dev);
    const r = k('--lang', 'ja', 'report', 'kpi', '--fy', '2025', '--format', 'md', '--out', dev, '--force');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${dev} はデバイスで、通常のファイルではないため書き出せません（--force を付けても、通常のファイル以外は置き換えません）`);
    plainError(r.stderr);
    const after = lstatSync(dev);
    expect(after.isCharacterDevice()).toBe(true);
    expect([after.ino, after.rdev]).toEqual([before.ino, before.rdev]);
  });

  it('a symlink to a regular file: refused; neither the link nor the file it points to changes', () => {
    const real = join(dir, 'real.md');
    const link = join(dir, 'link.md');
    writeFileSync(real, 'keep me');
    symlinkSync(real, link);
    const r = k('report', 'sunset', '--fy', '2025', '--format', 'md', '--out', link, '--force');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('it is a symbolic link, not a regular file');
    expect(r.stderr).toContain('give the path of the file itself, not of a link to it');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('keep me');
  });

  it('match --save with --out on a symlink refuses before the run is saved (same verdict before the database changes)', () => {
    const link = join(dir, 'proposals.csv');
    symlinkSync(join(dir, 'elsewhere.csv'), link);
    const r = k('--json', 'match', 'volunteers', '--as-of', '2026-04-01', '--save', '--format', 'csv', '--out', link, '--force');
    expect(r.code).toBe(2);
    expect(r.json().error).toMatchObject({ code: 'not_regular_file', file: link });
    expect(k('--json', 'matches', 'list').json().matches).toEqual([]);
    // The same run without the link does propose (so the refusal above is what kept the database unchanged).
    expect(k('match', 'volunteers', '--as-of', '2026-04-01', '--format', 'csv', '--out', join(dir, 'proposals-ok.csv')).code).toBe(0);
    expect(readFileSync(join(dir, 'proposals-ok.csv'), 'utf8').split('\n').length).toBeGreaterThan(2);
  });
});

describe('--out messages tell the three directory problems apart', () => {
  it('the directory does not exist', () => {
    const out = join(dir, 'no', 'such', 'kpi.md');
    const r = k('--lang', 'ja', 'report', 'kpi', '--fy', '2025', '--format', 'md', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${out} を書き出せません。ディレクトリ ${join(dir, 'no', 'such')} がありません`);
    expect(r.stderr).toContain('ディレクトリを作成するか、別の場所を指定してください');
    plainError(r.stderr);
  });

  it('the target is a directory (with or without --force)', () => {
    const sub = join(dir, 'reports');
    mkdirSync(sub);
    for (const force of [[], ['--force']]) {
      const r = k('--json', 'select', 'disclose', 'C2025-01', '--out', sub, ...force);
      expect(r.code).toBe(2);
      expect(r.json().error).toMatchObject({ code: 'is_directory', message: `cannot write ${sub}: it is a directory` });
    }
    expect(readdirSync(sub)).toEqual([]);
  });

  it('the directory is not writable', () => {
    // Root may write anywhere: run kyodo as an unprivileged user (nobody) over a database it owns.
    const locked = join(dir, 'locked');
    mkdirSync(locked, { mode: 0o755 });
    let r;
    if (isRoot) {
      chmodSync(dir, 0o755); // nobody must reach its database inside the test directory
      const own = join(dir, 'nobody');
      mkdirSync(own);
      const nobodyDb = join(own, 'kyodo.db');
      expect(k('--db', nobodyDb, 'init').code).toBe(0);
      for (const f of readdirSync(own)) chownSync(join(own, f), 65534, 65534);
      chownSync(own, 65534, 65534);
      const p = spawnSync(process.execPath, [BIN, '--db', nobodyDb, 'report', 'kpi', '--fy', '2025', '--format', 'md', '--out', join(locked, 'kpi.md')], {
        encoding: 'utf8', cwd: ROOT, uid: 65534, gid: 65534, env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', NO_COLOR: '1' },
      });
      r = { code: p.status, stderr: p.stderr };
    } else {
      chmodSync(locked, 0o555);
      r = k('report', 'kpi', '--fy', '2025', '--format', 'md', '--out', join(locked, 'kpi.md'));
      chmodSync(locked, 0o755);
    }
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot write ${join(locked, 'kpi.md')}: the directory ${locked} is not writable (permission denied)`);
    plainError(r.stderr);
    expect(readdirSync(locked)).toEqual([]);
  });
});
