// Minimal CSV writing for the generators (RFC 4180 quoting), so generated files do not depend on a CSV library's defaults.

/** One cell: quoted when it holds a comma, quote or line break, or when `force` is set. */
export function csvCell(value, force = false) {
  const s = value == null ? '' : String(value);
  if (force || /[",\r\n]/.test(s)) return `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** One record without the line ending. `quoted` optionally lists the indexes to quote always. */
export function csvRecord(cells, quoted) {
  return cells.map((c, i) => csvCell(c, quoted ? quoted.has(i) : false)).join(',');
}

/** Splits one line of simple CSV (no line breaks inside cells) into its cells; the inverse of csvRecord. */
export function parseCsvLine(line) {
  const out = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        const j = line.indexOf('"', i);
        if (j < 0) throw new Error(`unterminated quote in: ${line}`);
        s += line.slice(i, j);
        if (line[j + 1] === '"') {
          s += '"';
          i = j + 2;
        } else {
          i = j + 1;
          break;
        }
      }
      out.push(s);
    } else {
      const j = line.indexOf(',', i);
      out.push(line.slice(i, j < 0 ? line.length : j));
      i = j < 0 ? line.length : j;
    }
    if (i >= line.length) return out;
    if (line[i] !== ',') throw new Error(`expected a comma at ${i} in: ${line}`);
    i++;
    if (i === line.length) {
      out.push('');
      return out;
    }
  }
}
