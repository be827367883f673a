import type { Command } from 'commander';
import { msg } from '../../errors.js';
import { openAtomicWriter } from '../../io/atomic-write.js';
import { loadMatchingTemplate } from '../../matching/template.js';
import { saveVolunteerRun } from '../../matching/store.js';
import { matchVolunteers, type VolunteerMatchResult } from '../../matching/volunteers/match.js';
import { createContext, type CommandContext } from '../context.js';
import { addMatchOutputOptions, checkMatchOutputs, resolveAsOf, withJoinedReasons, writeMatchResult, type MatchOutputFlags } from '../match-output.js';
import type { Io } from '../output.js';
import type { RunState } from '../program.js';
import { registerMatchFacilities } from './match-facilities.js';
import { registerMatchResources } from './match-resources.js';

interface MatchFlags extends MatchOutputFlags {
  template?: string;
  candidates?: string;
}

export function registerMatch(program: Command, io: Io, _state: RunState): void {
  const match = program.command('match').description('propose the best assignment (an exact optimum, with reasons)');
  registerMatchFacilities(match, io, _state);
  registerMatchResources(match, io, _state);
  const volunteers = match
    .command('volunteers')
    .description('volunteers and pro-bono professionals → open openings: maximum total score under every capacity')
    .option('--as-of <date>', 'the day the openings must be open on (default: today)')
    .option('--template <yaml>', 'scoring template (default: templates/matching/default.yaml)');
  addMatchOutputOptions(volunteers, 'store the run and its proposals (then: kyodo matches accept|decline)')
    .option('--force', 'overwrite --out / --candidates files')
    .option('--candidates <path>', 'also write every allowed pair with its score and remaining capacities (CSV)')
    .addHelpText('after', `
Examples:
  kyodo match volunteers --as-of 2026-04-01
  kyodo match volunteers --save --format xlsx --out 提案.xlsx
  kyodo --json match volunteers --candidates pairs.csv   # anyone can check the optimum`)
    .action(async (flags: MatchFlags, cmd: Command) => {
      const ctx = createContext(io, cmd);
      checkMatchOutputs(flags, [flags.candidates]);
      const template = loadMatchingTemplate(flags.template);
      const db = ctx.openDb(flags.save ? 'write' : 'read');
      const now = new Date();
      const result = matchVolunteers(db, resolveAsOf(flags.asOf, now), template, { candidates: flags.candidates !== undefined });
      const runId = flags.save ? saveVolunteerRun(db, result, template, now) : null;
      if (flags.candidates) {
        // Every allowed pair names volunteers: a file about people (mode 0600).
        const out = openAtomicWriter(flags.candidates, { force: flags.force ?? false, mode: 0o600 });
        try {
          result.candidates.writeCsv((chunk) => out.write(chunk));
          out.commit();
        } catch (err) {
          out.abort();
          throw err;
        }
      }
      await writeMatchOutput(ctx, result, runId, flags);
      ctx.note(msg(
        `${result.pairs.length} pairs proposed (total score ${result.objective}, optimal), ${result.unfilled.length} openings not filled, ${result.unmatched_volunteers} volunteers unmatched${runId ? `; saved as run ${runId}` : ''}`,
        `提案 ${result.pairs.length}組（合計点 ${result.objective}・最適解）、充足しない募集 ${result.unfilled.length}件、未提案のボランティア ${result.unmatched_volunteers}人${runId ? `（実行 #${runId} として保存）` : ''}`,
      ));
    });
}

function jsonDocument(r: VolunteerMatchResult, runId: number | null) {
  return {
    run_id: runId, kind: 'volunteers', as_of: r.as_of, objective: r.objective,
    pairs: r.pairs, unfilled: r.unfilled, unmatched_volunteers: r.unmatched_volunteers,
    candidates: r.candidate_count,
  };
}

async function writeMatchOutput(ctx: CommandContext, r: VolunteerMatchResult, runId: number | null, flags: MatchFlags): Promise<void> {
  await writeMatchResult(ctx, {
    flags,
    asOf: r.as_of,
    json: () => jsonDocument(r, runId),
    numeric: new Set(['score', 'missing']),
    // Volunteer IDs with their skills and distances: a file about people.
    mode: 0o600,
    sections: [
      {
        title: msg('Proposed pairs', '提案'),
        columns: [{ key: 'opening_id', label: '募集ID' }, { key: 'org_id', label: '団体ID' }, { key: 'volunteer_id', label: 'ボランティアID' },
          { key: 'score', label: '点数' }, { key: 'reasons', label: '理由' }],
        rows: withJoinedReasons(r.pairs),
      },
      {
        title: msg('Openings not filled', '充足しない募集'),
        columns: [{ key: 'opening_id', label: '募集ID' }, { key: 'org_id', label: '団体ID' }, { key: 'missing', label: '不足人数' }, { key: 'reasons', label: '理由' }],
        rows: withJoinedReasons(r.unfilled),
      },
    ],
  });
}
