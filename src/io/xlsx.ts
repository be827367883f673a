import ExcelJS from 'exceljs';
import { writeFileAtomic, type AtomicWriteOptions } from './atomic-write.js';

export interface XlsxColumn {
  key: string;
  label: string;
  /** IDs, phone numbers and codes stay text (leading zeros); numbers are numbers. */
  type: 'text' | 'number';
  width?: number;
}

export interface XlsxSheet {
  name: string;
  columns: XlsxColumn[];
  rows: Record<string, unknown>[];
}

/**
 * An .xlsx workbook, one sheet per section. Cells are plain strings or
 * numbers, never formulas, whatever the data holds.
 */
export async function xlsxBuffer(sheets: XlsxSheet[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'kyodo';
  // A fixed date keeps the same input producing the same bytes.
  wb.created = new Date(0);
  wb.modified = new Date(0);
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name.slice(0, 31));
    ws.columns = s.columns.map((c) => ({ header: c.label, key: c.key, width: c.width ?? Math.max(10, Math.min(60, c.label.length * 2 + 4)) }));
    ws.getRow(1).font = { bold: true };
    for (const row of s.rows) {
      const values: Record<string, string | number | null> = {};
      for (const c of s.columns) {
        const v = row[c.key];
        if (v === null || v === undefined) values[c.key] = null;
        else if (c.type === 'number' && typeof v === 'number') values[c.key] = v;
        else values[c.key] = Array.isArray(v) ? v.join(' / ') : String(v);
      }
      const r = ws.addRow(values);
      for (const c of s.columns) if (c.type === 'text') r.getCell(c.key).numFmt = '@';
    }
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export async function writeXlsx(path: string, sheets: XlsxSheet[], opts: AtomicWriteOptions = {}): Promise<void> {
  writeFileAtomic(path, await xlsxBuffer(sheets), opts);
}
