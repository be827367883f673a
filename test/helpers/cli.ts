import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const BIN = join(ROOT, 'bin/kyodo.js');
export const FIXTURES = join(ROOT, 'test/fixtures');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json<T = any>(): T;
}

/** A fresh directory for one test's database and outputs. */
export function tempDir(prefix = 'kyodo-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `text` to `name` in the test's current directory (`dir()`, set anew by each test) and returns its path. */
export function fileWriter(dir: () => string): (name: string, text: string) => string {
  return (name, text) => {
    const p = join(dir(), name);
    writeFileSync(p, text);
    return p;
  };
}

/** Runs the built CLI as a subprocess, as cron would (no TTY, English, no colour). */
export function kyodo(args: string[], opts: { env?: Record<string, string>; input?: string; cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input: opts.input ?? '',
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', NO_COLOR: '1', ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    code: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    json() {
      return JSON.parse(r.stdout);
    },
  };
}

/** A fresh database with the sample ward (`kyodo init --demo`, whose messy volunteers give exit 3) and a runner on it, as operator `tester`. */
export function sampleWard(): { dir: string; db: string; init: CliResult; run: (args: string[]) => CliResult } {
  const dir = tempDir();
  const db = join(dir, 'kyodo.db');
  const run = (args: string[]) => kyodo(['--db', db, ...args], { env: { KYODO_OPERATOR: 'tester' } });
  return { dir, db, init: run(['init', '--demo']), run };
}

/** Starts the CLI without waiting (for the kill -9 and Ctrl-C tests). */
export function kyodoSpawn(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}
