import type { Command } from 'commander';
import { KyodoError, msg, type Msg } from '../../errors.js';
import { japanDate } from '../../jp/calendar.js';
import { operatorName } from '../../privacy/audit.js';
import { forgetVolunteer, planForget, type ForgetPlan } from '../../privacy/forget.js';
import { confirmOrFlag } from '../confirm.js';
import { createContext } from '../context.js';
import { formatJson, type Io } from '../output.js';
import type { RunState } from '../program.js';

/** What the erasure will do, as the question before it says it. */
function question(p: ForgetPlan): Msg {
  const who = p.maskedName ? `${p.key} (${p.maskedName})` : p.key;
  const whoJa = p.maskedName ? `${p.key}（${p.maskedName}）` : `${p.key} `;
  const found = p.rejectsFiles.filter((f) => f.status === 'found').length;
  const en = [
    p.volunteerId ? 'personal data is removed for good' : p.erasedAt ? `erased already on ${japanDate(p.erasedAt)}` : 'not in the roster',
    p.matches || p.activities ? `${p.matches} match(es) and ${p.activities} activity record(s) stay as anonymous counts` : '',
    p.rejectedRows || found ? `${p.rejectedRows} rejected row(s) of earlier imports and ${found} rejects file(s) are cleaned` : '',
  ].filter(Boolean).join('; ');
  const ja = [
    p.volunteerId ? '個人情報は元に戻せません' : p.erasedAt ? `${japanDate(p.erasedAt)} に消去済みです` : '名簿には登録されていません',
    p.matches || p.activities ? `マッチ ${p.matches}件・活動記録 ${p.activities}件は匿名の件数として残します` : '',
    p.rejectedRows || found ? `取込で除外された行 ${p.rejectedRows}件と除外ファイル ${found}件からも削除します` : '',
  ].filter(Boolean).join('。');
  return msg(`Erase ${who}? (${en})`, `${whoJa}を消去しますか（${ja}）`);
}

export function registerVolunteers(program: Command, io: Io, _state: RunState): void {
  const volunteers = program.command('volunteers').description('volunteer housekeeping');
  volunteers
    .command('forget')
    .description('erase a person on request: personal data removed everywhere (rejected rows and rejects files too, no copy left in the file), anonymous counts kept, suppressed in later imports; asks first on a terminal')
    .argument('<id>', 'the volunteer ID (any spelling the import reads as the same: v0001, Ｖ０００１)')
    .option('--yes', 'do not ask (needed when not at a terminal: cron, scripts)')
    .addHelpText('after', '\nExamples:\n  kyodo volunteers forget V0042\n  kyodo volunteers forget V0042 --yes     # in a script')
    .action(async (id: string, flags: { yes?: boolean }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const db = ctx.openDb('write');
      const plan = planForget(db, id, ctx.dbPath);
      const ok = await confirmOrFlag(io, ctx.lang, { yes: flags.yes ?? false, flag: '--yes', question: question(plan), what: msg('erasing a person', '個人の消去') });
      if (!ok) throw new KyodoError('cancelled', msg(`nothing was erased: ${id} is kept as it was`, `消去を取りやめました。${id} はそのままです`));
      const r = forgetVolunteer(db, plan, operatorName(io.env), new Date(), ctx.dbPath);
      for (const p of r.problems) ctx.warn(p);
      for (const f of r.rejects_files.filter((x) => x.status === 'manual')) {
        ctx.warn(msg(`${f.file}${f.rows ? ` holds ${f.rows} row(s) of ${id}` : ' may hold rows of this person'} and could not be rewritten (${f.reason?.en ?? ''}): delete the file or remove those rows by hand`,
          `${f.file} に${f.rows ? ` ${id} の行が ${f.rows}件あります` : 'この人の行があるかもしれません'}が、書き換えられませんでした（${f.reason?.ja ?? ''}）。ファイルを削除するか、該当する行を手で削除してください`));
      }
      if (ctx.json) return void io.stdout.write(formatJson(r));
      const kept = r.anonymous_id ? msg(`; ${r.matches_kept} match(es) and ${r.activities_kept} activity record(s) kept as ${r.anonymous_id}`,
        `。マッチ ${r.matches_kept}件・活動記録 ${r.activities_kept}件は ${r.anonymous_id} として統計用に残します`) : msg('', '');
      const rewritten = r.rejects_files.filter((f) => f.status === 'rewritten');
      const cleaned = r.rejected_rows_removed || rewritten.length ? msg(`; ${r.rejected_rows_removed} rejected row(s) removed from the import history and ${rewritten.reduce((n, f) => n + f.rows, 0)} from ${rewritten.length} rejects file(s)`,
        `。取込履歴の除外行 ${r.rejected_rows_removed}件と、除外ファイル ${rewritten.length}件の ${rewritten.reduce((n, f) => n + f.rows, 0)}行を削除しました`) : msg('', '');
      const head = r.previously_erased_at && !plan.volunteerId
        ? msg(`${id} had been erased on ${japanDate(r.previously_erased_at)}`, `${id} は ${japanDate(r.previously_erased_at)} に消去済みです`)
        : msg(`erased ${id}: personal data removed`, `${id} を消去しました。個人情報を削除しました`);
      io.stdout.write(`${ctx.say(msg(`${head.en}${kept.en}${cleaned.en}; later imports will report this person as suppressed`,
        `${head.ja}${kept.ja}${cleaned.ja}。以後の取込では「削除済み」として取り込みません`))}\n`);
      for (const f of rewritten) io.stdout.write(`  ${f.file}: ${ctx.say(msg(`${f.rows} row(s) removed`, `${f.rows}行を削除`))}\n`);
      ctx.note(msg('backups made before now still hold the person: delete them, or let them expire',
        'これより前に作ったバックアップにはこの人の情報が残っています。削除するか、保存期間が過ぎたものから消してください'));
    });
}
