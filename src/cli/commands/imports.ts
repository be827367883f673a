import type { Command } from 'commander';
import { listImportRuns } from '../../roster/runs.js';
import { createContext } from '../context.js';
import { formatJson, renderRows, type Io } from '../output.js';
import type { RunState } from '../program.js';
import { parsePositive } from '../options.js';

const STATUS_JA: Record<string, string> = {
  done: '完了', rolled_back: '取消（--strict）', failed: '失敗', cancelled: '中止', interrupted: '中断', running: '実行中',
};

export function registerImports(program: Command, io: Io, _state: RunState): void {
  program
    .command('imports')
    .description('import history: every run with its counts; failed, cancelled and interrupted runs with the reason')
    .option('--limit <n>', 'at most N runs (newest first)', parsePositive, 20)
    .addHelpText('after', `
Examples:
  kyodo imports
  kyodo --json imports --limit 1     # did last night's import finish? (status done)`)
    .action((flags: { limit: number }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const db = ctx.openDb('read');
      const runs = listImportRuns(db, flags.limit, ctx.dbPath);
      if (ctx.json) {
        io.stdout.write(formatJson({ runs }));
        return;
      }
      const ja = ctx.lang === 'ja';
      const rows = runs.map((r) => ({ ...r, run_id: r.run_id ?? '-', status: ja ? (STATUS_JA[r.status] ?? r.status) : r.status, note: ja ? r.note_ja ?? r.note : r.note }));
      io.stdout.write(renderRows(rows, [
        { key: 'run_id', label: '#' }, { key: 'started_at' }, { key: 'kind' }, { key: 'file' }, { key: 'format' }, { key: 'status' },
        { key: 'rows' }, { key: 'inserted' }, { key: 'updated' }, { key: 'unchanged' }, { key: 'rejected' }, { key: 'retired' }, { key: 'note' },
      ], 'table', { color: false }));
    });
}
