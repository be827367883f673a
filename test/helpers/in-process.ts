import { Readable } from 'node:stream';
import { run } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/output.js';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process (`run(argv, io)`), as cron would: no TTY, English, no colour. ~10 ms a command. */
export async function runKyodo(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (s: string) => void (stdout += s), isTTY: false },
    stderr: { write: (s: string) => void (stderr += s), isTTY: false },
    env: { LANG: 'C.UTF-8', NO_COLOR: '1', ...opts.env },
    stdin: Readable.from([opts.input ?? '']) as NodeJS.ReadableStream & { isTTY?: boolean },
  };
  const code = await run(['node', 'kyodo', ...args], io);
  return { code, stdout, stderr };
}
