/** The only module that imports inquirer: prompts appear on a TTY only. */
import { existsSync } from 'node:fs';
import inquirer from 'inquirer';
import { stringify } from 'yaml';
import { InterruptedError, msg } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { HeaderMismatchError } from '../roster/headers.js';
import type { Io } from './output.js';

/**
 * Asks which file column holds each missing required column, and saves the
 * answer as a --mapping file so the nightly job can run unattended.
 */
export async function askColumnMapping(io: Io, lang: 'ja' | 'en', err: HeaderMismatchError, saveTo: string): Promise<{ path: string } | undefined> {
  const ja = lang === 'ja';
  const prompt = inquirer.createPromptModule({ input: io.stdin as NodeJS.ReadStream, output: io.stderr.stream ?? (io.stderr as unknown as NodeJS.WriteStream) });
  io.stderr.write(ja
    ? `見出しに必須列 ${err.missing.join('、')} が見つかりません。ファイルのどの列がそれに当たるか選んでください。\n`
    : `The header lacks required column(s) ${err.missing.join(', ')}. Choose which column of the file holds each.\n`);
  const columns: Record<string, string> = {};
  const candidates = err.unknown.filter((h) => h !== '');
  for (const missing of err.missing) {
    const spec = err.spec.columns.find((c) => c.name === missing);
    const free = candidates.filter((h) => !(h in columns));
    const { header } = await prompt<{ header: string }>([{
      type: 'select',
      name: 'header',
      message: ja ? `${missing}（${spec?.aliases[0] ?? ''}）はどの列ですか` : `Which column is ${missing} (${spec?.aliases[0] ?? ''})?`,
      choices: [...free.map((h) => ({ name: h, value: h })), { name: ja ? '（該当なし・中止）' : '(none — cancel)', value: '' }],
    }]);
    if (header === '') return undefined;
    columns[header] = missing;
  }
  const { path } = await prompt<{ path: string }>([{
    type: 'input',
    name: 'path',
    message: ja ? '対応表の保存先' : 'Save the mapping as',
    default: saveTo,
  }]);
  if (existsSync(path)) {
    const { overwrite } = await prompt<{ overwrite: boolean }>([{ type: 'confirm', name: 'overwrite', message: ja ? `${path} を上書きしますか` : `Overwrite ${path}?`, default: false }]);
    if (!overwrite) return undefined;
  }
  const doc = `# kyodo column mapping: file header -> kyodo column (null = ignore)\n${stringify({ kind: err.spec.kind, columns })}`;
  // Like every file kyodo writes: whole or not at all, and never over a directory, link or device.
  writeFileAtomic(path, doc, { force: true });
  return { path };
}

/** One item of the frozen criteria as a reviewer sees it. */
export interface ScorePromptItem {
  id: string;
  label: string;
  min: number;
  max: number;
  descriptors: Record<number, string>;
}

/** An applicant as the reviewer sees it, with what this reviewer has already stored for it (by item id). */
export interface ScorePromptApplicant {
  org_id: string;
  name: string;
  stored: Map<string, { score: number; comment: string | null }>;
}

/** Whether an error is inquirer's answer to Ctrl-C (or to a closed terminal) at a prompt. */
export function isPromptInterrupt(err: unknown): boolean {
  const name = (err as Error | null)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError';
}

/**
 * `select score`: asks the reviewer's name (unless given), then for each applicant the reviewer may
 * score, one item at a time with the descriptor of every level, and a comment per item. Each answer
 * is handed to `save` at once (stored in its own transaction), so Ctrl-C keeps what was entered: it
 * ends with an InterruptedError saying how many scores are kept and where the next run resumes — at
 * the first item this reviewer has not scored. After an applicant's items the reviewer checks them
 * and may enter them again (each correction is saved at once too). Applicants in conflict are named and skipped.
 */
export async function askScores(io: Io, lang: 'ja' | 'en', o: {
  reviewer?: string;
  items: ScorePromptItem[];
  /** Once the reviewer is known: the applicants they may score, with what they stored before, and those refused for a conflict. */
  start(reviewer: string): { applicants: ScorePromptApplicant[]; conflicted: string[] };
  save(reviewer: string, s: { org_id: string; item: string; score: number; comment: string | null }): void;
}): Promise<{ reviewer: string; saved: number; stored: number }> {
  const ja = lang === 'ja';
  const prompt = inquirer.createPromptModule({ input: io.stdin as NodeJS.ReadStream, output: io.stderr.stream ?? (io.stderr as unknown as NodeJS.WriteStream) });
  let reviewer = o.reviewer?.trim() ?? '';
  let applicants: ScorePromptApplicant[] = [];
  let saved = 0;
  const storedCount = (): number => applicants.reduce((n, a) => n + o.items.filter((it) => a.stored.has(it.id)).length, 0);
  /** The first applicant and item this reviewer has not scored. */
  const next = (): { app: ScorePromptApplicant; item: ScorePromptItem } | undefined => {
    for (const app of applicants) {
      const item = o.items.find((it) => !app.stored.has(it.id));
      if (item) return { app, item };
    }
    return undefined;
  };
  const ask = async (app: ScorePromptApplicant, it: ScorePromptItem): Promise<void> => {
    const before = app.stored.get(it.id);
    const choices = [];
    for (let l = it.max; l >= it.min; l--) choices.push({ name: `${l}: ${it.descriptors[l] ?? ''}`, value: l });
    const { score } = await prompt<{ score: number }>([{ type: 'select', name: 'score', message: `${it.label}（${it.min}〜${it.max}）`, choices, ...(before ? { default: before.score } : {}) }]);
    const { comment } = await prompt<{ comment: string }>([{ type: 'input', name: 'comment', message: ja ? 'コメント（空でも可）' : 'Comment (may be empty)', ...(before?.comment ? { default: before.comment } : {}) }]);
    const entry = { org_id: app.org_id, item: it.id, score, comment: comment.trim() === '' ? null : comment.trim() };
    o.save(reviewer, entry);
    app.stored.set(it.id, { score: entry.score, comment: entry.comment });
    saved++;
  };
  try {
    while (reviewer === '') {
      reviewer = (await prompt<{ reviewer: string }>([{ type: 'input', name: 'reviewer', message: ja ? '審査委員名' : 'Reviewer' }])).reviewer.trim();
    }
    const plan = o.start(reviewer);
    applicants = plan.applicants;
    for (const c of plan.conflicted) {
      io.stderr.write(ja ? `${c}: 利害関係が申告されているため評価できません（記録します）\n` : `${c}: declared conflict of interest — you may not score it (recorded)\n`);
    }
    const first = next();
    const already = storedCount();
    if (!first) {
      io.stderr.write(ja
        ? `${reviewer} の評点はすべて入力済みです（${already}件）。直すときは kyodo import scores で取り込んでください。\n`
        : `${reviewer} has scored every item already (${already}); to change a score, use kyodo import scores.\n`);
      return { reviewer, saved, stored: already };
    }
    if (already > 0) {
      const partly = first.app.stored.size > 0;
      io.stderr.write(ja
        ? `${partly ? `${first.app.org_id} の途中から` : `${first.app.org_id} から`}再開します（「${first.item.label}」から。入力済み ${already}件）\n`
        : `resuming at ${first.app.org_id}${partly ? ', part way through,' : ''} with "${first.item.label}" (${already} score(s) entered before)\n`);
    }
    for (const app of applicants) {
      const todo = o.items.filter((it) => !app.stored.has(it.id));
      if (todo.length === 0) continue;
      io.stderr.write(`\n== ${app.org_id} ${app.name} ==\n`);
      for (const it of todo) await ask(app, it);
      // The reviewer checks this applicant's scores; saying no asks every item again, the stored answers as defaults.
      for (;;) {
        io.stderr.write(o.items.map((it) => `  ${it.label}: ${app.stored.get(it.id)?.score ?? '—'}${app.stored.get(it.id)?.comment ? `（${app.stored.get(it.id)!.comment}）` : ''}\n`).join(''));
        const { ok } = await prompt<{ ok: boolean }>([{ type: 'confirm', name: 'ok', message: ja ? `${app.org_id} の評点はこれでよいですか（保存済み。「いいえ」で入力し直します）` : `Are these scores for ${app.org_id} right? (saved; "no" enters them again)`, default: true }]);
        if (ok) break;
        for (const it of o.items) await ask(app, it);
      }
    }
    return { reviewer, saved, stored: storedCount() };
  } catch (err) {
    if (!isPromptInterrupt(err)) throw err;
    const kept = storedCount();
    const at = next();
    if (reviewer === '' || applicants.length === 0 || kept === 0) throw new InterruptedError(msg('interrupted (Ctrl-C); no score was saved', '中断しました（Ctrl-C）。評点は保存していません'));
    throw new InterruptedError(at
      ? msg(`interrupted (Ctrl-C); the ${kept} score(s) entered are saved — run the same command to resume at ${at.app.org_id} "${at.item.label}"`,
        `中断しました（Ctrl-C）。入力済みの評点 ${kept}件は保存してあります。同じコマンドで ${at.app.org_id} の「${at.item.label}」から再開できます`)
      : msg(`interrupted (Ctrl-C); all ${kept} score(s) are saved`, `中断しました（Ctrl-C）。評点 ${kept}件はすべて保存してあります`));
  }
}

/** A yes/no question, "no" unless answered (before something that cannot be undone). */
export async function askYesNo(io: Io, question: string): Promise<boolean> {
  const prompt = inquirer.createPromptModule({ input: io.stdin as NodeJS.ReadStream, output: io.stderr.stream ?? (io.stderr as unknown as NodeJS.WriteStream) });
  const { ok } = await prompt<{ ok: boolean }>([{ type: 'confirm', name: 'ok', message: question, default: false }]);
  return ok;
}
