import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, ROOT, kyodo, tempDir } from '../helpers/cli.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!hasPython)('unknown headers with a person at the terminal', () => {
  it('asks which column is which, saves a --mapping file, imports, and the nightly run uses the file', () => {
    const dir = tempDir();
    const db = join(dir, 'kyodo.db');
    const file = join(dir, 'members.csv');
    copyFileSync(join(FIXTURES, 'ugly', 'unknown-headers.csv'), file);
    const spec = {
      cmd: [process.execPath, BIN, '--db', db, 'import', 'volunteers', file],
      // volunteer_id → 会員番号 (first choice), name → おなまえ (first remaining), then accept the default path.
      answers: [['volunteer_id', '\r'], ['name', '\r'], ['members.mapping.yaml', '\r']],
      timeout: 40,
    };
    const r = spawnSync('python3', [join(ROOT, 'test/helpers/pty-drive.py'), JSON.stringify(spec)], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', NO_COLOR: '1', TERM: 'xterm' },
      timeout: 60_000,
    });
    expect(r.stdout).toMatch(/EXIT 0/);
    const mapping = join(dir, 'members.mapping.yaml');
    expect(existsSync(mapping)).toBe(true);
    const yaml = readFileSync(mapping, 'utf8');
    expect(yaml).toContain('会員番号: volunteer_id');
    expect(yaml).toContain('おなまえ: name');
    expect(kyodo(['--db', db, '--json', 'list', 'volunteers']).json().rows).toMatchObject([{ volunteer_id: 'M1', name: '山田 太郎' }]);
    // The nightly job (no TTY) runs unattended with the saved file.
    const nightly = kyodo(['--db', db, '--json', 'import', 'volunteers', file, '--mapping', mapping]);
    expect(nightly.code).toBe(0);
    expect(nightly.json()).toMatchObject({ unchanged: 1 });
  });

  it('Ctrl-C at any of its questions: exit 130 and one line, no mapping file, nothing imported', () => {
    for (const answers of [[['volunteer_id', '\x03']], [['volunteer_id', '\r'], ['name', '\r'], ['members.mapping.yaml', '\x03']]]) {
      const dir = tempDir();
      const db = join(dir, 'kyodo.db');
      const file = join(dir, 'members.csv');
      copyFileSync(join(FIXTURES, 'ugly', 'unknown-headers.csv'), file);
      const spec = { cmd: [process.execPath, BIN, '--db', db, 'import', 'volunteers', file], answers, timeout: 40 };
      const r = spawnSync('python3', [join(ROOT, 'test/helpers/pty-drive.py'), JSON.stringify(spec)], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', NO_COLOR: '1', TERM: 'xterm' },
        timeout: 60_000,
      });
      expect(r.stdout).toMatch(/EXIT 130\s*$/);
      const tail = r.stdout.slice(r.stdout.lastIndexOf('interrupted')).split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
      expect(tail).toEqual(['interrupted (Ctrl-C); nothing was changed', 'EXIT 130']);
      expect(r.stdout).not.toMatch(/bug|\n\s+at |ExitPromptError/);
      expect(existsSync(join(dir, 'members.mapping.yaml'))).toBe(false);
      expect(kyodo(['--db', db, '--json', 'list', 'volunteers']).json().rows).toEqual([]);
    }
  });
});
