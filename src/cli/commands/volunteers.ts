import type { Command } from 'commander';
import { msg } from '../../errors.js';
import { operatorName } from '../../privacy/audit.js';
import { forgetVolunteer } from '../../privacy/forget.js';
import { createContext } from '../context.js';
import { formatJson, type Io } from '../output.js';
import type { RunState } from '../program.js';

export function registerVolunteers(program: Command, io: Io, _state: RunState): void {
  const volunteers = program.command('volunteers').description('volunteer housekeeping');
  volunteers
    .command('forget')
    .description('erase a person on request: personal data removed, anonymous counts kept, suppressed in later imports')
    .argument('<id>', 'the volunteer ID')
    .addHelpText('after', '\nExample:\n  kyodo volunteers forget V0042')
    .action((id: string, _flags: unknown, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const r = forgetVolunteer(ctx.openDb('write'), id, operatorName(io.env), new Date());
      if (ctx.json) return void io.stdout.write(formatJson({ volunteer_id: id, ...r }));
      io.stdout.write(`${ctx.say(msg(
        `erased ${id}: personal data removed; ${r.matches_kept} match(es) kept as ${r.anonymous_id}; later imports will report this person as suppressed`,
        `${id} を消去しました。個人情報を削除し、マッチ ${r.matches_kept}件は ${r.anonymous_id} として統計用に残します。以後の取込では「削除済み」として取り込みません`,
      ))}\n`);
    });
}
