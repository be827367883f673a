import type { Command } from 'commander';
import { listAudit } from '../../privacy/audit.js';
import { createContext } from '../context.js';
import { formatJson, renderRows, type Io } from '../output.js';
import type { RunState } from '../program.js';
import { parsePositive } from '../options.js';

export function registerAudit(program: Command, io: Io, _state: RunState): void {
  program
    .command('audit')
    .description('who exported or erased personal data, when, to whom, which items (提供記録)')
    .option('--limit <n>', 'at most N entries (newest first)', parsePositive, 50)
    .addHelpText('after', '\nExample:\n  kyodo audit --limit 10')
    .action((flags: { limit: number }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const rows = listAudit(ctx.openDb('read'), flags.limit);
      if (ctx.json) return void io.stdout.write(formatJson({ audit: rows }));
      io.stdout.write(renderRows(rows.map((r) => ({ ...r, subjects: r.subject_ids.length, items: r.items.join(';') })), [
        { key: 'audit_id', label: '#' }, { key: 'at' }, { key: 'operator' }, { key: 'action' }, { key: 'recipient' }, { key: 'subjects' },
        { key: 'items' }, { key: 'file' }, { key: 'file_sha256' },
      ], 'table', { maxCellWidth: 24 }));
    });
}
