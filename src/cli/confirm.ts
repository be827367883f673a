/** A yes/no question before something that cannot be undone: asked on a terminal only, otherwise the flag is the answer. */
import { UsageError, msg, type Msg } from '../errors.js';
import { say, type Lang } from './lang.js';
import type { Io } from './output.js';

/** True when both stdin and stderr are a terminal: a person can see the question and answer it. */
export function atTerminal(io: Io): boolean {
  return Boolean(io.stdin.isTTY && io.stderr.isTTY);
}

/**
 * Asks `question` (default: no) when `yes` was not given. Without a terminal there is nobody to ask:
 * the command needs the flag (`flag`, e.g. `--yes`) and fails with exit 2 naming it. Ctrl-C at the
 * question ends the command as interrupted (main.ts).
 */
export async function confirmOrFlag(io: Io, lang: Lang, o: { yes: boolean; flag: string; question: Msg; what: Msg }): Promise<boolean> {
  if (o.yes) return true;
  if (!atTerminal(io)) {
    throw new UsageError('confirmation_required', msg(
      `${o.what.en} cannot be undone: pass ${o.flag} to confirm when not running at a terminal`,
      `${o.what.ja}は取り消せません。端末以外から実行するときは ${o.flag} を付けて確認してください`,
    ));
  }
  // inquirer is loaded only when a person is there to answer (prompts.ts is the only module that imports it).
  const { askYesNo } = await import('./prompts.js');
  return askYesNo(io, say(lang, o.question));
}
