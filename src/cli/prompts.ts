/** The only module that imports inquirer: prompts appear on a TTY only. */
import { existsSync, writeFileSync } from 'node:fs';
import inquirer from 'inquirer';
import { stringify } from 'yaml';
import type { HeaderMismatchError } from '../roster/headers.js';
import type { Io } from './output.js';

/**
 * Asks which file column holds each missing required column, and saves the
 * answer as a --mapping file so the nightly job can run unattended.
 */
export async function askColumnMapping(io: Io, lang: 'ja' | 'en', err: HeaderMismatchError, saveTo: string): Promise<{ path: string } | undefined> {
  const ja = lang === 'ja';
  const prompt = inquirer.createPromptModule({ input: io.stdin as NodeJS.ReadStream, output: io.stderr as unknown as NodeJS.WriteStream });
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
  writeFileSync(path, doc);
  return { path };
}
