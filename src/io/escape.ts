/**
 * One escaper per output format, used by every document kyodo writes (reliability.md: "one escaper
 * per format, used by every document"). The Eta templates get them as their escape function
 * (src/io/template.ts), so every `<%= %>` value is escaped for its format; code that builds markup
 * itself (the SVG charts) calls them too. CSV and xlsx cells have their own single writers:
 * src/io/csv-out.ts (BOM, quoting, formula neutralisation) and src/io/xlsx.ts (text, never formulas).
 */

/** HTML and XML (SVG) text and attribute values: `& < > " '` become entities. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Markdown text for a table cell, a list item or a paragraph: every character that makes markup
 * (`\ | * _ ` [ ] < > # ~ !`) gets a backslash, so `<img onerror>` is text and not raw HTML, `a | b`
 * stays in its cell and `[x](y)` is no link; a line break becomes a space (a cell is one line).
 */
export function escapeMarkdown(value: unknown): string {
  return String(value).replace(/[\r\n]+/g, ' ').replace(/[\\|*_`[\]<>#~!]/g, (c) => `\\${c}`);
}
