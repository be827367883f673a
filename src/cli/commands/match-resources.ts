import type { Command } from 'commander';
import { msg } from '../../errors.js';
import { matchResources, type ResourceMatchResult } from '../../matching/resources/match.js';
import { saveResourceRun } from '../../matching/resources/store.js';
import { createContext, type CommandContext } from '../context.js';
import { addMatchOutputOptions, checkMatchOutputs, resolveAsOf, withJoinedReasons, writeMatchResult, type MatchOutputFlags } from '../match-output.js';
import type { Io } from '../output.js';
import type { RunState } from '../program.js';

type MatchResourcesFlags = MatchOutputFlags;

/** Adds `match resources` to the `match` command. */
export function registerMatchResources(match: Command, io: Io, _state: RunState): void {
  const cmd = match
    .command('resources')
    .description('goods and spaces offered → organizations\' requests: maximum urgency- and distance-weighted quantity (quantities may split)')
    .option('--as-of <date>', 'the day offers must still be available on (default: today)');
  addMatchOutputOptions(cmd, 'store the run and its allocations (status proposed)')
    .option('--force', 'overwrite --out')
    .addHelpText('after', `
Examples:
  kyodo match resources --as-of 2026-04-01
  kyodo match resources --save --format xlsx --out 資源配分.xlsx
  kyodo --json match resources --as-of 2026-04-01`)
    .action(async (flags: MatchResourcesFlags, cmd: Command) => {
      const ctx = createContext(io, cmd);
      checkMatchOutputs(flags);
      const db = ctx.openDb(flags.save ? 'write' : 'read');
      const now = new Date();
      const result = matchResources(db, resolveAsOf(flags.asOf, now));
      const runId = flags.save ? saveResourceRun(db, result, now) : null;
      await writeOutput(ctx, result, runId, flags);
      const units = result.allocations.reduce((n, a) => n + a.quantity, 0);
      ctx.note(msg(
        `${result.allocations.length} allocations (${units} units, total score ${result.objective}, optimal), ${result.unfulfilled.length} requests not fully met, ${result.leftover_offers.length} offers with units left${runId ? `; saved as run ${runId}` : ''}`,
        `配分 ${result.allocations.length}件（${units}単位・合計点 ${result.objective}・最適解）、充足しない要望 ${result.unfulfilled.length}件、残りのある提供 ${result.leftover_offers.length}件${runId ? `（実行 #${runId} として保存）` : ''}`,
      ));
    });
}

/** The documented `--json` document (stable order: request_id then offer_id; request_id; offer_id). */
export function resourcesJsonDocument(r: ResourceMatchResult, runId: number | null) {
  return {
    run_id: runId, kind: 'resources', as_of: r.as_of, objective: r.objective,
    allocations: r.allocations, unfulfilled: r.unfulfilled, leftover_offers: r.leftover_offers,
    candidates: r.candidate_count,
  };
}

async function writeOutput(ctx: CommandContext, r: ResourceMatchResult, runId: number | null, flags: MatchResourcesFlags): Promise<void> {
  await writeMatchResult(ctx, {
    flags,
    asOf: r.as_of,
    json: () => resourcesJsonDocument(r, runId),
    numeric: new Set(['quantity', 'missing', 'score']),
    sections: [
      {
        title: msg('Allocations', '配分'),
        columns: [{ key: 'request_id', label: '要望ID' }, { key: 'org_id', label: '団体ID' }, { key: 'offer_id', label: '提供ID' },
          { key: 'category', label: '分類' }, { key: 'item', label: '品名' }, { key: 'quantity', label: '数量' }, { key: 'unit', label: '単位' },
          { key: 'score', label: '点数/単位' }, { key: 'reasons', label: '理由' }],
        rows: withJoinedReasons(r.allocations),
      },
      {
        title: msg('Requests not fully met', '充足しない要望'),
        columns: [{ key: 'request_id', label: '要望ID' }, { key: 'org_id', label: '団体ID' }, { key: 'category', label: '分類' },
          { key: 'item', label: '品名' }, { key: 'missing', label: '不足数量' }, { key: 'unit', label: '単位' }, { key: 'reasons', label: '理由' }],
        rows: withJoinedReasons(r.unfulfilled),
      },
      {
        title: msg('Offers with units left', '残りのある提供'),
        columns: [{ key: 'offer_id', label: '提供ID' }, { key: 'category', label: '分類' }, { key: 'item', label: '品名' },
          { key: 'quantity', label: '残り数量' }, { key: 'unit', label: '単位' }, { key: 'reasons', label: '理由' }],
        rows: withJoinedReasons(r.leftover_offers),
      },
    ],
  });
}
