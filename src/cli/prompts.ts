/** The only module that imports inquirer: prompts appear on a TTY only. */
import { existsSync } from 'node:fs';
import inquirer from 'inquirer';
import { stringify } from 'yaml';
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

/**
 * `select score`: asks the reviewer's name (unless given), then for each applicant
 * the reviewer may score, one item at a time with the descriptor of every level,
 * and a comment per item. Applicants in conflict are named and skipped.
 */
export async function askScores(io: Io, lang: 'ja' | 'en', o: {
  reviewer?: string;
  items: ScorePromptItem[];
  plan(reviewer: string): { allowed: { org_id: string; name: string }[]; conflicted: string[] };
}): Promise<{ reviewer: string; scores: { org_id: string; item: string; score: number; comment: string | null }[]; conflicted: string[] } | undefined> {
  const ja = lang === 'ja';
  const prompt = inquirer.createPromptModule({ input: io.stdin as NodeJS.ReadStream, output: io.stderr.stream ?? (io.stderr as unknown as NodeJS.WriteStream) });
  let reviewer = o.reviewer?.trim() ?? '';
  while (reviewer === '') {
    reviewer = (await prompt<{ reviewer: string }>([{ type: 'input', name: 'reviewer', message: ja ? '審査委員名' : 'Reviewer' }])).reviewer.trim();
  }
  const plan = o.plan(reviewer);
  for (const c of plan.conflicted) {
    io.stderr.write(ja ? `${c}: 利害関係が申告されているため評価できません（記録します）\n` : `${c}: declared conflict of interest — you may not score it (recorded)\n`);
  }
  const scores: { org_id: string; item: string; score: number; comment: string | null }[] = [];
  for (const app of plan.allowed) {
    io.stderr.write(`\n== ${app.org_id} ${app.name} ==\n`);
    for (const it of o.items) {
      const choices = [];
      for (let l = it.max; l >= it.min; l--) choices.push({ name: `${l}: ${it.descriptors[l] ?? ''}`, value: l });
      const { score } = await prompt<{ score: number }>([{ type: 'select', name: 'score', message: `${it.label}（${it.min}〜${it.max}）`, choices }]);
      const { comment } = await prompt<{ comment: string }>([{ type: 'input', name: 'comment', message: ja ? 'コメント（空でも可）' : 'Comment (may be empty)' }]);
      scores.push({ org_id: app.org_id, item: it.id, score, comment: comment.trim() === '' ? null : comment.trim() });
    }
  }
  if (scores.length === 0) return undefined;
  const { save } = await prompt<{ save: boolean }>([{ type: 'confirm', name: 'save', message: ja ? `${scores.length}件の評点を保存しますか` : `Save ${scores.length} score(s)?`, default: true }]);
  return save ? { reviewer, scores, conflicted: plan.conflicted } : undefined;
}
