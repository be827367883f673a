// Shared by the benchmarks: machine facts, medians, and docs/BENCHMARKS.md sections.
import { cpus, totalmem, platform, release } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export function machine() {
  const sqlite = spawnSync('sqlite3', ['--version'], { encoding: 'utf8' });
  return {
    date: new Date().toISOString().slice(0, 10),
    cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    os: `${platform()} ${release()}`,
    node: process.version,
    sqlite3: sqlite.status === 0 ? sqlite.stdout.split(' ')[0] : 'not installed',
  };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Runs a command under GNU time: wall seconds and peak RSS in MB. */
export function timed(cmd, args, opts = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, ...opts });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall, rssKb] = last.split(' ').map(Number);
  if (r.status !== 0 && r.status !== 3) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  return { wall, rssMb: Math.round(rssKb / 1024), stdout: r.stdout, status: r.status };
}

/** Replaces (or appends) the section between <!-- bench:NAME --> markers in docs/BENCHMARKS.md. */
export function writeSection(name, markdown) {
  const path = new URL('../../docs/BENCHMARKS.md', import.meta.url);
  const head = '# Benchmarks\n\nWritten by `npm run bench` (each section by its own script). Medians of the runs shown; compare ratios taken in one run, not absolute times across machines.\n';
  let text = existsSync(path) ? readFileSync(path, 'utf8') : head;
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  text = i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, text);
}
