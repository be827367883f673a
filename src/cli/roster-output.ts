/**
 * Where `list` and `show` write (stdout, or --out atomically with mode 0600) and the record of what
 * left of people's data: CSV, JSON, files, and unmasked (--reveal) tables of volunteers.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Db } from '../db/open.js';
import { msg } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { operatorName } from '../privacy/audit.js';
import { isPersonalKind, recordPersonalOutput } from '../privacy/personal-output.js';
import type { RosterKind } from '../roster/kind.js';
import { KIND_SPECS } from '../roster/specs.js';
import type { CommandContext } from './context.js';

export interface RosterOutputFlags {
  out?: string;
  force?: boolean;
  reveal?: boolean;
}

/**
 * Writes what list or show produced: to --out (atomically, mode 0600) or stdout. People's records that
 * leave masked screen form — a file, CSV or JSON, or a table with --reveal — are recorded in the audit
 * log in the same transaction as the writing.
 */
export function writeRosterOutput(ctx: CommandContext, db: Db | undefined, text: string, flags: RosterOutputFlags, o: { kind: RosterKind; command: string; format: string; ids: string[]; items: string[] }): void {
  const deliver = () => {
    if (flags.out) writeFileAtomic(flags.out, text, { force: flags.force ?? false, mode: 0o600 });
    else ctx.io.stdout.write(text);
  };
  if (!db) return deliver();
  const how = o.format === 'table' && !flags.out ? 'reveal' : 'export';
  const auditId = recordPersonalOutput(db, { how, kind: o.kind, command: o.command, format: o.format, ids: o.ids, items: o.items, file: flags.out ? resolve(flags.out) : null, bytes: text },
    operatorName(ctx.io.env), new Date(), deliver);
  ctx.note(msg(`${o.ids.length} ${o.kind} record(s) ${how === 'reveal' ? 'shown unmasked' : 'written'}; recorded as audit #${auditId}`,
    `${o.ids.length}件の個人情報を${how === 'reveal' ? '伏せずに表示' : '書き出'}しました（記録 #${auditId}）`));
}

/** True when this output of people's records must be recorded: anything but a masked terminal table. */
export function mustRecord(kind: RosterKind, format: string, flags: RosterOutputFlags): boolean {
  return isPersonalKind(kind) && (format !== 'table' || flags.out !== undefined || (flags.reveal ?? false));
}

export const addRosterOutputOptions = (cmd: Command): Command => cmd
  .option('--out <path>', 'write to this file (mode 0600) instead of stdout')
  .option('--force', 'overwrite --out')
  .option('--reveal', 'volunteers: show contact columns (phone, e-mail, address, postal code, birth date, location) unmasked in a table; recorded in the audit log');

/** The ID a record is known by (its key, joined for a two-part key). */
export function recordIdOf(kind: RosterKind, row: Record<string, unknown>): string {
  return KIND_SPECS[kind].key.map((k) => String(row[k] ?? '')).join(' ');
}
