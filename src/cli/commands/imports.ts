import type { Command } from 'commander';
import { listImportRuns } from '../../roster/runs.js';
import { createContext } from '../context.js';
import { formatJson, renderRows, type Io } from '../output.js';
import type { RunState } from '../program.js';
import { parsePositive } from '../options.js';

export function registerImports(program: Command, io: Io, _state: RunState): void {
  program
    .command('imports')
    .description('import history: every run with its counts; runs that never finished show as interrupted')
    .option('--limit <n>', 'at most N runs (newest first)', parsePositive, 20)
    .addHelpText('after', `
Examples:
  kyodo imports
  kyodo --json imports --limit 1     # did last night's import finish?`)
    .action((flags: { limit: number }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const db = ctx.openDb('read');
      const runs = listImportRuns(db, flags.limit);
      if (ctx.json) {
        io.stdout.write(formatJson({ runs }));
        return;
      }
      io.stdout.write(renderRows(runs as unknown as Record<string, unknown>[], [
        { key: 'run_id', label: '#' }, { key: 'started_at' }, { key: 'kind' }, { key: 'file' }, { key: 'format' }, { key: 'status' },
        { key: 'rows' }, { key: 'inserted' }, { key: 'updated' }, { key: 'unchanged' }, { key: 'rejected' }, { key: 'retired' },
      ], 'table', { color: false }));
    });
}
