import { Chalk, type ChalkInstance, type ColorSupportLevel } from 'chalk';

type Env = Record<string, string | undefined>;

/**
 * Whether to colour a stream (cli.md: colour follows NO_COLOR / FORCE_COLOR):
 * `NO_COLOR` with any non-empty value disables (https://no-color.org, it wins);
 * `FORCE_COLOR` set to anything but `0`/`false` enables, `0`/`false` disables;
 * otherwise colour only on a TTY whose TERM is not `dumb`.
 */
export function useColor(isTTY: boolean | undefined, env: Env): boolean {
  return colorLevel(isTTY, env) > 0;
}

/** The chalk colour level for a stream, by the same rules as `useColor`. */
export function colorLevel(isTTY: boolean | undefined, env: Env): ColorSupportLevel {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    const n = Number.parseInt(force, 10);
    // FORCE_COLOR=2/3 asks for 256 / 16M colours (the supports-color convention); anything else: basic.
    if (n === 2 || n === 3) return n;
    return Math.max(1, ttyLevel(env)) as ColorSupportLevel;
  }
  if (isTTY !== true || env.TERM === 'dumb') return 0;
  return ttyLevel(env);
}

function ttyLevel(env: Env): ColorSupportLevel {
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (env.TERM !== undefined && /-256(color)?$/i.test(env.TERM)) return 2;
  return 1;
}

/** A chalk instance for one stream, never the global one (whose level is fixed at import from process state). */
export function chalkFor(isTTY: boolean | undefined, env: Env): ChalkInstance {
  return new Chalk({ level: colorLevel(isTTY, env) });
}
