/** A message in both languages the CLI speaks; the CLI picks one (see src/cli/lang.ts). */
export interface Msg {
  en: string;
  ja: string;
}

/** Where in an input file a problem is. `line` is the physical line (header = 1). */
export interface ErrorContext {
  file?: string;
  line?: number;
  column?: string;
  value?: string;
  hint?: Msg;
}

/** Exit codes of the command contract (cli.md); 130: interrupted by the user (Ctrl-C). */
export type ExitCode = 1 | 2 | 3 | 130;

/**
 * The one error type capability code throws. `src/cli/main.ts` alone turns it
 * into a message and an exit code; anything else that escapes is a bug.
 */
export class KyodoError extends Error {
  readonly code: string;
  readonly msg: Msg;
  readonly context: ErrorContext;
  readonly exitCode: ExitCode;

  constructor(code: string, msg: Msg, context: ErrorContext = {}, exitCode: ExitCode = 1) {
    super(msg.en);
    this.name = 'KyodoError';
    this.code = code;
    this.msg = msg;
    this.context = context;
    this.exitCode = exitCode;
  }
}

/** Usage errors (bad option, missing argument, unreadable file) exit with 2. */
export class UsageError extends KyodoError {
  constructor(code: string, msg: Msg, context: ErrorContext = {}) {
    super(code, msg, context, 2);
    this.name = 'UsageError';
  }
}

/** Ctrl-C: the command stopped where it was; nothing half-done was kept (exit 130). */
export class InterruptedError extends KyodoError {
  constructor(m: Msg = msg('interrupted (Ctrl-C); nothing was changed', '中断しました（Ctrl-C）。何も変更していません')) {
    super('interrupted', m, {}, 130);
    this.name = 'InterruptedError';
  }
}

/** Several problems found before failing (validation collects all, then throws once). */
export class ValidationError extends KyodoError {
  readonly problems: KyodoError[];
  constructor(code: string, msg: Msg, problems: KyodoError[], exitCode: ExitCode = 1) {
    super(code, msg, {}, exitCode);
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

export function msg(en: string, ja: string): Msg {
  return { en, ja };
}
