/**
 * Output of people's records (`kyodo list|show volunteers`): on screen, contact columns are masked
 * unless staff ask to see them; every file, CSV or JSON of them, and every unmasked screen, is recorded
 * in the audit log (個人情報保護法 Art. 23–25: safety measures and supervision of who handles what).
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/open.js';
import { writeTransaction } from '../db/open.js';
import { maskValue } from '../jp/contact.js';
import { recordAudit } from './audit.js';

/** Kinds whose records are people (their output is recorded; their contact columns are masked on screen). */
const PERSONAL_KINDS: ReadonlySet<string> = new Set(['volunteers']);

export function isPersonalKind(kind: string): boolean {
  return PERSONAL_KINDS.has(kind);
}

/** How each contact column shows on screen without --reveal: enough to see a value is there and to tell two apart, not to use it. */
const SCREEN_MASKS: Record<string, (v: string) => string> = {
  phone: (v) => maskValue('phone', v),
  email: (v) => maskValue('email', v),
  address: (v) => maskValue('text', v),
  postal_code: (v) => `${v.slice(0, 3)}-****`,
  birth_date: (v) => `${v.slice(0, 4)}-**-**`,
  lat: () => '***',
  lon: () => '***',
};

/** A record as a terminal table shows it without --reveal (other kinds: unchanged). */
export function maskForScreen(kind: string, row: Record<string, unknown>): Record<string, unknown> {
  if (!isPersonalKind(kind)) return row;
  const out: Record<string, unknown> = { ...row };
  for (const [col, mask] of Object.entries(SCREEN_MASKS)) {
    const v = out[col];
    if (v !== null && v !== undefined && v !== '') out[col] = mask(String(v));
  }
  return out;
}

export interface PersonalOutput {
  /** `export`: a file, CSV or JSON; `reveal`: an unmasked terminal table. */
  how: 'export' | 'reveal';
  kind: string;
  /** `list` or `show`. */
  command: string;
  format: string;
  /** The records' IDs. */
  ids: string[];
  /** The columns that went out. */
  items: string[];
  /** The file written, or null for stdout. */
  file: string | null;
  /** Exactly what was written (its SHA-256 is recorded). */
  bytes: string | Uint8Array;
}

/**
 * Records an output of people's records and delivers it (`deliver` writes the bytes) in one
 * transaction, as for an NPO's list: an output that could not be written leaves no record, and no
 * output goes out unrecorded because the database was busy.
 */
export function recordPersonalOutput(db: Db, o: PersonalOutput, operator: string, now: Date, deliver: () => void): number {
  return writeTransaction(db, () => {
    const id = recordAudit(db, now, operator, {
      action: `${o.how}_${o.kind}`,
      subjectIds: o.ids,
      items: o.items,
      file: o.file,
      fileSha256: createHash('sha256').update(o.bytes).digest('hex'),
      detail: JSON.stringify({ command: o.command, format: o.format, count: o.ids.length }),
    });
    deliver();
    return id;
  });
}
