import { Option, type Command } from 'commander';
import { UsageError, msg } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { parseFiscalYear } from '../../jp/fiscal-year.js';
import { writeTransaction } from '../../db/open.js';
import { operatorName, recordAudit } from '../../privacy/audit.js';
import { lintCriteria, readCriteriaFile } from '../../selection/criteria.js';
import { openCall, getCall, sha256 } from '../../selection/calls.js';
import { declareConflict } from '../../selection/conflicts.js';
import { checkCall, checkJson } from '../../selection/check.js';
import { decide } from '../../selection/decide.js';
import { disclosureView, renderCsv, renderHtml, renderMarkdown } from '../../selection/disclose.js';
import { compareProject } from '../../selection/evaluations.js';
import { applicantNames, recordRefusedConflicts, saveEnteredScore, scoringPlan, storedScores, type EntrySession } from '../../selection/score-entry.js';
import { createContext } from '../context.js';
import { positiveNumber } from '../options.js';
import { formatJson, renderRows, type Io } from '../output.js';
import type { RunState } from '../program.js';

function parseFy(v: string): number {
  const p = parseFiscalYear(v);
  if (!p.ok) throw new UsageError('invalid_fy', msg(`--fy ${v}: ${p.reason.en}`, `--fy ${v}: ${p.reason.ja}`));
  return p.value;
}

/** kyodo select …: partner selection (協働相手の選定) as the staff handbook requires. */
export function registerSelect(program: Command, io: Io, state: RunState): void {
  const select = program.command('select').description('partner selection (協働相手の選定): frozen criteria, eligibility, scoring, decision, disclosure');

  select
    .command('lint')
    .description('check a criteria file: weights, scales, descriptors, threshold, tie-break, and legal-form knock-outs (warning)')
    .argument('<criteria>', 'criteria YAML file')
    .addHelpText('after', '\nExample:\n  kyodo select lint templates/criteria/proposal-collaboration.yaml')
    .action((file: string, _flags: unknown, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const { text } = readCriteriaFile(file);
      const r = lintCriteria(text, file);
      const fmt = (p: (typeof r.errors)[number]): string => `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.severity === 'error' ? (ctx.lang === 'ja' ? 'エラー' : 'error') : (ctx.lang === 'ja' ? '警告' : 'warning')} [${p.code}]${p.path ? ` ${p.path}:` : ''} ${ctx.say(p.message)}`;
      if (ctx.json) {
        io.stdout.write(formatJson({ file, ok: r.errors.length === 0, errors: r.errors.map((p) => ({ line: p.line ?? null, path: p.path, code: p.code, message: ctx.say(p.message) })), warnings: r.warnings.map((p) => ({ line: p.line ?? null, path: p.path, code: p.code, message: ctx.say(p.message) })) }));
      } else {
        for (const p of [...r.errors, ...r.warnings]) io.stderr.write(`${fmt(p)}\n`);
        io.stdout.write(`${ctx.say(msg(`${file}: ${r.errors.length} error(s), ${r.warnings.length} warning(s)`, `${file}: エラー ${r.errors.length}件、警告 ${r.warnings.length}件`))}\n`);
      }
      if (r.errors.length > 0) state.exitCode = 1;
    });

  select
    .command('open')
    .description('open a call: freeze the criteria (content + SHA-256); the same content again does nothing, different content is refused')
    .requiredOption('--criteria <file>', 'criteria YAML file')
    .requiredOption('--call <id>', 'call ID, e.g. C2025-01')
    .option('--title <text>', 'call title (default: title in the criteria)')
    .option('--fy <year>', 'fiscal year, e.g. 2025 or R7 (default: fy in the criteria)', parseFy)
    .addHelpText('after', '\nExample:\n  kyodo select open --criteria templates/criteria/proposal-collaboration.yaml --call C2025-01')
    .action((flags: { criteria: string; call: string; title?: string; fy?: number }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const { text, bytes } = readCriteriaFile(flags.criteria);
      const db = ctx.openDb('write');
      const r = writeTransaction(db, () => openCall(db, { callId: flags.call, file: flags.criteria, bytes, text, title: flags.title, fy: flags.fy, operator: operatorName(io.env), now: new Date() }));
      for (const w of r.warnings) ctx.warn(msg(`${w.file}${w.line !== undefined ? `:${w.line}` : ''}: ${w.message.en}`, `${w.file}${w.line !== undefined ? `:${w.line}` : ''}: ${w.message.ja}`));
      if (ctx.json) return void io.stdout.write(formatJson({ call_id: r.call.call_id, created: r.created, title: r.call.title, fy: r.call.fy, method: r.call.method, criteria_sha256: r.call.criteria_sha256, opened_at: r.call.opened_at }));
      io.stdout.write(`${ctx.say(r.created
        ? msg(`call ${r.call.call_id} opened; criteria frozen (sha256 ${r.call.criteria_sha256})`, `公募 ${r.call.call_id} を開始し、選定基準を確定しました（sha256 ${r.call.criteria_sha256}）`)
        : msg(`call ${r.call.call_id} is already open with these criteria; nothing changed`, `公募 ${r.call.call_id} はこの基準で開始済みです（変更なし）`))}\n`);
    });

  select
    .command('conflict')
    .description('declare that a reviewer is tied to an applicant (利害関係): their scores for it are refused and never counted')
    .argument('<call>', 'call ID')
    .requiredOption('--reviewer <name>', 'reviewer')
    .requiredOption('--org <id>', 'the applicant the reviewer is tied to')
    .option('--note <text>', 'the tie (kept in the audit log, never disclosed)')
    .addHelpText('after', '\nExample:\n  kyodo select conflict C2025-01 --reviewer 委員C --org ORG004 --note 理事を兼任')
    .action((callId: string, flags: { reviewer: string; org: string; note?: string }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const db = ctx.openDb('write');
      const r = writeTransaction(db, () => declareConflict(db, callId, flags.reviewer, flags.org, flags.note ?? null, operatorName(io.env), new Date()));
      if (r.excludedScores > 0) ctx.warn(msg(`${r.excludedScores} score(s) this reviewer already gave ${flags.org} no longer count`, `この審査委員が ${flags.org} に付けた評点 ${r.excludedScores}件は集計から除外されます`));
      if (ctx.json) return void io.stdout.write(formatJson({ call_id: callId, org_id: flags.org, created: r.created, excluded_scores: r.excludedScores }));
      io.stdout.write(`${ctx.say(msg(`conflict of interest recorded: the reviewer will not score ${flags.org} in ${callId}`, `利害関係を記録しました: この審査委員は公募 ${callId} で ${flags.org} を評価しません`))}\n`);
    });

  select
    .command('score')
    .description('enter one reviewer\'s scores interactively: one item at a time, descriptors shown, a comment per item; each answer is saved at once and a new run resumes where the last one stopped (TTY only)')
    .argument('<call>', 'call ID')
    .option('--reviewer <name>', 'the reviewer entering scores')
    .addHelpText('after', '\nExamples:\n  kyodo select score C2025-01 --reviewer 委員A\n  kyodo import scores scores.csv     # without a terminal (cron, CI)')
    .action(async (callId: string, flags: { reviewer?: string }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      if (!(io.stdin.isTTY === true && io.stderr.isTTY === true)) {
        throw new UsageError('no_tty', msg('select score asks questions and needs a terminal; without one, put the scores in a CSV and run kyodo import scores FILE', 'select score は対話入力のため端末が必要です。端末がない場合は評点を CSV にして kyodo import scores FILE を使ってください'));
      }
      const db = ctx.openDb('write');
      const call = getCall(db, callId);
      if (call.status !== 'open') throw new UsageError('call_closed', msg(`call ${callId} is already decided`, `公募 ${callId} は選定済みです`));
      const { askScores } = await import('../prompts.js');
      const names = applicantNames(db, callId);
      let session: EntrySession | undefined;
      // Each answer in its own small write transaction (with its audit record): Ctrl-C keeps what was entered.
      const r = await askScores(io, ctx.lang, {
        reviewer: flags.reviewer, items: call.criteria.items,
        start: (reviewer) => {
          session = { callId, reviewer, operator: operatorName(io.env), runId: null };
          const p = scoringPlan(db, callId, reviewer);
          if (p.conflicted.length > 0) writeTransaction(db, () => recordRefusedConflicts(db, session!, p.conflicted, new Date()));
          const stored = storedScores(db, callId, reviewer);
          return { applicants: p.allowed.map((id) => ({ org_id: id, name: names.get(id) ?? id, stored: stored.get(id) ?? new Map() })), conflicted: p.conflicted };
        },
        save: (_reviewer, s) => void writeTransaction(db, () => saveEnteredScore(db, session!, s, new Date())),
      });
      if (r.saved === 0) return;
      io.stdout.write(`${ctx.say(msg(`${r.saved} score(s) saved (run #${session!.runId}); ${r.reviewer} has ${r.stored} in all`, `評点 ${r.saved}件を保存しました（#${session!.runId}）。${r.reviewer} の評点は合計 ${r.stored}件です`))}\n`);
    });

  select
    .command('check')
    .description('per applicant: eligibility with evidence, aggregated scores, total on the call\'s scale, rank, threshold')
    .argument('<call>', 'call ID')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .addHelpText('after', '\nExamples:\n  kyodo select check C2025-01\n  kyodo --json select check C2025-01')
    .action((callId: string, flags: { format: 'table' | 'json' | 'csv' }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const r = checkCall(ctx.openDb('read'), callId);
      if (ctx.json || flags.format === 'json') return void io.stdout.write(formatJson(checkJson(r)));
      const items = r.call.criteria.items;
      const rows = r.applicants.map((a) => ({
        rank: a.rank, org_id: a.org_id, name: a.name, eligible: a.eligible ? '適' : '不適',
        ...Object.fromEntries(items.map((i) => [i.id, a.scores[i.id]])),
        total: a.total, threshold: a.eligible ? (a.above_threshold ? '以上' : '未満') : '', reviewers: a.reviewers,
        evidence: a.eligibility.map((e) => `${e.pass ? '○' : '×'} ${e.label}: ${e.evidence}`).join(flags.format === 'csv' ? '\n' : ' / '),
        history: a.history.map((hh) => `${hh.project_id}: 行政${hh.gov_mean ?? '—'} NPO${hh.npo_mean ?? '—'} 相違${hh.disagreements}`).join('; '),
      }));
      const cols = [{ key: 'rank', label: '順位' }, { key: 'org_id', label: '団体ID' }, { key: 'name', label: '団体名' }, { key: 'eligible', label: '資格' },
        ...items.map((i) => ({ key: i.id, label: i.label })), { key: 'total', label: `合計/${r.call.criteria.points}` }, { key: 'threshold', label: `基準${r.call.criteria.threshold}` },
        { key: 'reviewers', label: '審査委員' }, { key: 'evidence', label: '資格の根拠' }, { key: 'history', label: '過去の事業評価' }];
      io.stdout.write(renderRows(rows, flags.format === 'table' ? cols.filter((c) => c.key !== 'evidence' && c.key !== 'history') : cols, flags.format));
      if (flags.format === 'table') {
        for (const a of r.applicants) {
          const failed = a.eligibility.filter((e) => !e.pass);
          if (failed.length > 0) io.stdout.write(`${a.org_id} ${ctx.lang === 'ja' ? '不適' : 'ineligible'}: ${failed.map((e) => `${e.label}（${e.evidence}）`).join('; ')}\n`);
          if (a.excluded_scores > 0) ctx.warn(msg(`${a.org_id}: ${a.excluded_scores} stored score(s) not counted (conflict of interest or outside the frozen criteria)`, `${a.org_id}: 保存済みの評点 ${a.excluded_scores}件は集計していません（利害関係または確定済み基準外）`));
          if (a.history.length > 0) io.stdout.write(`${a.org_id} ${ctx.lang === 'ja' ? '過去の事業評価' : 'past evaluations'}: ${rows.find((x) => x.org_id === a.org_id)!.history}\n`);
        }
      }
    });

  select
    .command('decide')
    .description('record the chosen partner and the reason (another than the top-ranked eligible applicant is flagged in the disclosure)')
    .argument('<call>', 'call ID')
    .requiredOption('--org <id>', 'the chosen applicant')
    .requiredOption('--reason <text>', 'why (disclosed)')
    .addHelpText('after', '\nExample:\n  kyodo select decide C2025-01 --org ORG004 --reason "実現可能性と協働の効果の評価が最も高かった"')
    .action((callId: string, flags: { org: string; reason: string }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const db = ctx.openDb('write');
      const r = writeTransaction(db, () => decide(db, callId, flags.org, flags.reason, operatorName(io.env), new Date()));
      if (!r.is_top_ranked) ctx.warn(msg(`${flags.org} is not the top-ranked eligible applicant (passed over: ${r.passed_over.join(', ')}); the disclosure will say so`, `${flags.org} は最上位の適格応募者ではありません（上位: ${r.passed_over.join('、')}）。公表資料にその旨を明記します`));
      if (ctx.json) return void io.stdout.write(formatJson(r));
      io.stdout.write(`${ctx.say(msg(`${flags.org} chosen in ${callId} (rank ${r.rank}, ${r.total} points)`, `公募 ${callId} で ${flags.org} を選定しました（順位 ${r.rank}、${r.total}点）`))}\n`);
    });

  select
    .command('disclose')
    .description('the publishable result (Japanese): criteria, weights, method, number of reviewers, scores, ranks, decision and reasons — no personal data')
    .argument('<call>', 'call ID')
    .addOption(new Option('--format <format>', 'document format').choices(['html', 'md', 'csv']).default('md'))
    .option('--out <path>', 'file to write; default stdout')
    .option('--force', 'overwrite --out')
    .option('--template-dir <dir>', 'md/html templates searched before the built-in templates/reports/ (disclosure.md.eta, disclosure.html.eta)')
    .addHelpText('after', '\nExamples:\n  kyodo select disclose C2025-01 --format html --out 選定結果.html\n  kyodo select disclose C2025-01 --format csv --out 選定結果.csv')
    .action((callId: string, flags: { format: 'html' | 'md' | 'csv'; out?: string; force?: boolean; templateDir?: string }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const db = ctx.openDb('write');
      const view = disclosureView(checkCall(db, callId));
      const templates = { templateDir: flags.templateDir };
      const doc = flags.format === 'html' ? renderHtml(view, templates) : flags.format === 'csv' ? renderCsv(view) : renderMarkdown(view, templates);
      // Recorded, then written, in one transaction: a file that could not be written leaves no record,
      // and no file goes out unrecorded because the database was busy.
      writeTransaction(db, () => {
        recordAudit(db, new Date(), operatorName(io.env), { action: 'selection_disclose', subjectIds: [callId], file: flags.out ?? null, fileSha256: sha256(doc), detail: JSON.stringify({ format: flags.format }) });
        if (flags.out) writeFileAtomic(flags.out, doc, { force: flags.force ?? false });
        else io.stdout.write(doc);
      });
      if (flags.out) ctx.note(msg(`wrote ${flags.out}`, `${flags.out} を書き出しました`));
    });

  select
    .command('evaluations')
    .description('after a project: both sides\' evaluations side by side, and where they disagree')
    .argument('<project>', 'project ID')
    .option('--gap <n>', 'a difference of at least N points is a disagreement', positiveNumber(1000), 2)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .addHelpText('after', '\nExamples:\n  kyodo import evaluations evaluations.csv\n  kyodo select evaluations P2025-01')
    .action((projectId: string, flags: { gap: number; format: 'table' | 'json' | 'csv' }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const r = compareProject(ctx.openDb('read'), projectId, flags.gap);
      if (ctx.json || flags.format === 'json') return void io.stdout.write(formatJson({ project_id: projectId, organizations: r }));
      for (const p of r) {
        if (flags.format === 'table') io.stdout.write(`${p.project_id} ${p.org_id} ${p.name}: 行政 ${p.gov_mean ?? '—'} / NPO ${p.npo_mean ?? '—'}, ${ctx.lang === 'ja' ? '相違' : 'disagreements'} ${p.disagreements}\n`);
        io.stdout.write(renderRows(p.items.map((i) => ({ ...i, org_id: p.org_id, disagree: i.disagree ? '相違' : '' })) as unknown as Record<string, unknown>[], [
          ...(flags.format === 'csv' ? [{ key: 'org_id', label: '団体ID' }] : []),
          { key: 'item', label: '評価項目' }, { key: 'gov', label: '行政' }, { key: 'npo', label: 'NPO' }, { key: 'gap', label: '差(NPO−行政)' }, { key: 'disagree', label: '相違' },
          { key: 'gov_comment', label: '行政の所見' }, { key: 'npo_comment', label: 'NPOの所見' }], flags.format));
      }
    });
}
