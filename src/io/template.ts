/**
 * Documents through Eta templates (templates/reports/*.eta): the code builds a plain view model, the
 * template lays it out as `it` and never sees the database (style.md). `--template-dir DIR` is searched
 * before the built-in templates, file by file. Every `<%= %>` value is escaped for the document's
 * format with the one escaper of that format (src/io/escape.ts); `<%~ %>` writes raw text and is meant
 * for markup kyodo builds itself (the chart SVG).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Eta } from 'eta';
import { KyodoError, UsageError, msg } from '../errors.js';
import { escapeHtml, escapeMarkdown } from './escape.js';

export const BUILTIN_TEMPLATE_DIR = new URL('../../templates/reports/', import.meta.url).pathname;

/** The formats a template can be written in, each with its escaper. */
export type TemplateFormat = 'md' | 'html';
const ESCAPERS: Record<TemplateFormat, (v: unknown) => string> = { md: escapeMarkdown, html: escapeHtml };

/** The template file to use: `--template-dir` first, then the built-in ones. */
export function resolveTemplate(name: string, templateDir?: string): string {
  if (templateDir !== undefined) {
    if (!existsSync(templateDir) || !statSync(templateDir).isDirectory()) {
      throw new UsageError('template_dir_missing', msg(`--template-dir ${templateDir} is not a directory`, `--template-dir ${templateDir} はディレクトリではありません`), { file: templateDir });
    }
    const own = join(templateDir, name);
    if (existsSync(own)) return own;
  }
  return join(BUILTIN_TEMPLATE_DIR, name);
}

/** Renders `name` (e.g. kpi.html.eta) with the view model as `it`, escaping every `<%= %>` value for `format`. */
export function renderTemplate(name: string, view: object, opts: { templateDir?: string; format: TemplateFormat }): string {
  const file = resolveTemplate(name, opts.templateDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError('unreadable_file', msg(`cannot read template ${file}: ${(err as Error).message}`, `テンプレート ${file} を読めません`), { file });
  }
  const eta = new Eta({
    autoEscape: true,
    escapeFunction: ESCAPERS[opts.format],
    autoTrim: false,
    cache: false,
  });
  try {
    return eta.renderString(text, view);
  } catch (err) {
    throw new KyodoError('template_failed', msg(`template ${file}: ${(err as Error).message.split('\n')[0]}`, `テンプレート ${file} でエラー: ${(err as Error).message.split('\n')[0]}`), { file });
  }
}
