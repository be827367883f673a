import type { Command } from 'commander';
import { msg } from '../../errors.js';
import { matchFacilities, type FacilityMatchResult } from '../../matching/facilities/match.js';
import { saveFacilityRun } from '../../matching/facilities/store.js';
import { createContext, type CommandContext } from '../context.js';
import { addMatchOutputOptions, checkMatchOutputs, resolveAsOf, withJoinedReasons, writeMatchResult, type MatchOutputFlags } from '../match-output.js';
import type { Io } from '../output.js';
import type { RunState } from '../program.js';

type MatchFacilitiesFlags = MatchOutputFlags;

/** Adds `match facilities` to the `match` command. */
export function registerMatchFacilities(match: Command, io: Io, _state: RunState): void {
  const cmd = match
    .command('facilities')
    .description('rooms → booking requests: the most requests satisfied without double booking, then the best total score (exact)')
    .option('--as-of <date>', 'requests dated on or after this day are matched (default: today)');
  addMatchOutputOptions(cmd, 'store the run and its proposals (status proposed)')
    .option('--force', 'overwrite --out')
    .addHelpText('after', `
Examples:
  kyodo match facilities --as-of 2026-04-01
  kyodo match facilities --save --format xlsx --out 施設提案.xlsx
  kyodo --json match facilities --as-of 2026-04-01`)
    .action(async (flags: MatchFacilitiesFlags, cmd: Command) => {
      const ctx = createContext(io, cmd);
      checkMatchOutputs(flags);
      const db = ctx.openDb(flags.save ? 'write' : 'read');
      const now = new Date();
      const result = await matchFacilities(db, resolveAsOf(flags.asOf, now));
      const runId = flags.save ? saveFacilityRun(db, result, now) : null;
      await writeOutput(ctx, result, runId, flags);
      ctx.note(msg(
        `${result.satisfied} of ${result.requests_considered} requests get a room (total score ${result.objective}; optimal: most requests first, then score), ${result.unsatisfied.length} without${runId ? `; saved as run ${runId}` : ''}`,
        `申込 ${result.requests_considered}件中 ${result.satisfied}件に部屋を提案（合計点 ${result.objective}・件数優先の最適解）、提案なし ${result.unsatisfied.length}件${runId ? `（実行 #${runId} として保存）` : ''}`,
      ));
    });
}

/** The documented `--json` document (stable order: request_id). */
export function facilitiesJsonDocument(r: FacilityMatchResult, runId: number | null) {
  return {
    run_id: runId, kind: 'facilities', as_of: r.as_of, satisfied: r.satisfied, objective: r.objective,
    proposals: r.proposals.map((p) => ({
      request_id: p.request_id, org_id: p.org_id, facility_id: p.facility_id, room: p.room, facility_name: p.facility_name,
      date: p.date, start_time: p.start_time, end_time: p.end_time, fee: p.fee, score: p.score, reasons: p.reasons,
    })),
    unsatisfied: r.unsatisfied.map((u) => ({ request_id: u.request_id, org_id: u.org_id, date: u.date, start_time: u.start_time, end_time: u.end_time, reasons: u.reasons })),
    candidates: r.candidate_count,
  };
}

async function writeOutput(ctx: CommandContext, r: FacilityMatchResult, runId: number | null, flags: MatchFacilitiesFlags): Promise<void> {
  await writeMatchResult(ctx, {
    flags,
    asOf: r.as_of,
    json: () => facilitiesJsonDocument(r, runId),
    numeric: new Set(['fee', 'score']),
    sections: [
      {
        title: msg('Proposed rooms', '施設の提案'),
        columns: [{ key: 'request_id', label: '申込ID' }, { key: 'org_id', label: '団体ID' }, { key: 'date', label: '利用日' },
          { key: 'start_time', label: '開始' }, { key: 'end_time', label: '終了' }, { key: 'facility_id', label: '施設ID' }, { key: 'facility_name', label: '施設名' },
          { key: 'room', label: '部屋名' }, { key: 'fee', label: '料金' }, { key: 'score', label: '点数' }, { key: 'reasons', label: '理由' }],
        rows: withJoinedReasons(r.proposals),
        maxCellWidth: 60,
      },
      {
        title: msg('Requests without a room', '提案できない申込'),
        columns: [{ key: 'request_id', label: '申込ID' }, { key: 'org_id', label: '団体ID' }, { key: 'date', label: '利用日' },
          { key: 'start_time', label: '開始' }, { key: 'end_time', label: '終了' }, { key: 'reasons', label: '理由' }],
        rows: withJoinedReasons(r.unsatisfied),
      },
    ],
  });
}
