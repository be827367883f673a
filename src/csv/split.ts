/**
 * Cutting a CSV file in two parts read on two threads. A cut is only a guess:
 * it is taken right after a line feed, which ends a record unless it lies inside
 * a quoted field, and the reader of the first part confirms it
 * (CsvTokenizer.atRecordBoundary at the cut). Both encodings we read keep the
 * line feed byte for the character itself (UTF-8, and Shift_JIS, whose trail
 * bytes are 0x40 and up), so a cut after one is always a character boundary.
 */
import { open } from 'node:fs/promises';

const LF = 10;
const CR = 13;
const SCAN_BYTES = 1 << 20;

/** The offset just after the first line feed at or after `from` (within `window` bytes), or undefined. */
export async function cutAfterLineFeed(path: string, from: number, window = SCAN_BYTES): Promise<number | undefined> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(window);
    const { bytesRead } = await handle.read(buf, 0, window, from);
    const at = buf.subarray(0, bytesRead).indexOf(LF);
    return at < 0 ? undefined : from + at + 1;
  } finally {
    await handle.close();
  }
}

/**
 * Line breaks (LF, CRLF, lone CR: the tokenizer's rule) in the first `end` bytes of
 * the file, wherever they are (inside quoted fields too): the physical line a part
 * starting at `end` starts on is this + 1, known before the first part is read.
 */
export async function lineBreaksBefore(path: string, end: number): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(SCAN_BYTES + 1);
    let breaks = 0;
    for (let pos = 0; pos < end;) {
      const want = Math.min(SCAN_BYTES, end - pos);
      // One byte more: a CR at the end of this piece is a lone CR only if no LF follows.
      const { bytesRead } = await handle.read(buf, 0, want + 1, pos);
      if (bytesRead === 0) break;
      const n = Math.min(bytesRead, want);
      const piece = buf.subarray(0, n);
      for (let i = piece.indexOf(LF); i >= 0; i = piece.indexOf(LF, i + 1)) breaks++;
      for (let i = piece.indexOf(CR); i >= 0; i = piece.indexOf(CR, i + 1)) if (buf[i + 1] !== LF || i + 1 >= bytesRead) breaks++;
      pos += n;
    }
    return breaks;
  } finally {
    await handle.close();
  }
}
