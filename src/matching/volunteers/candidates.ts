import { csvCell } from '../../io/csv-out.js';

/** One allowed pair, for --candidates (anyone can re-check the optimum). */
export interface CandidatePair {
  volunteer_id: string;
  opening_id: string;
  score: number;
  volunteer_capacity: number;
  opening_capacity: number;
}

export const CANDIDATES_HEADER = 'volunteer_id,opening_id,score,volunteer_capacity,opening_capacity';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Position of each ID in sorted order. */
function ranks(ids: readonly string[]): Int32Array {
  const order = ids.map((_, i) => i).sort((a, b) => cmp(ids[a]!, ids[b]!));
  const rank = new Int32Array(ids.length);
  order.forEach((i, r) => (rank[i] = r));
  return rank;
}

/**
 * Every allowed pair in the order of cli.md (opening_id, then volunteer_id), kept as
 * edge indices over the solver's arrays instead of one object per pair: at 600k pairs
 * the objects and their sort cost more than solving.
 */
export class CandidateTable {
  /** Edge indices in output order. */
  readonly order: Int32Array;

  constructor(
    private readonly volunteers: readonly { id: string; capacity: number }[],
    private readonly openings: readonly { id: string; capacity: number }[],
    private readonly edgeLeft: Int32Array,
    private readonly edgeRight: Int32Array,
    private readonly scores: Float64Array,
    withPairs: boolean,
  ) {
    this.order = withPairs ? sortedEdges(volunteers, openings, edgeLeft, edgeRight) : new Int32Array(0);
  }

  get length(): number {
    return this.order.length;
  }

  pair(i: number): CandidatePair {
    const e = this.order[i]!;
    const v = this.volunteers[this.edgeLeft[e]!]!;
    const o = this.openings[this.edgeRight[e]!]!;
    return { volunteer_id: v.id, opening_id: o.id, score: this.scores[e]!, volunteer_capacity: v.capacity, opening_capacity: o.capacity };
  }

  *[Symbol.iterator](): IterableIterator<CandidatePair> {
    for (let i = 0; i < this.order.length; i++) yield this.pair(i);
  }

  /**
   * The `--candidates` file (cli.md): the documented header, no BOM, CRLF. Written by
   * hand rather than through csv-stringify (1.5 s and ~280 MB of garbage at 600k pairs),
   * as the cells are IDs and numbers; IDs still get the neutralisation and quoting of
   * every other CSV kyodo writes (src/io/csv-out.ts), each ID once. Handed to `write` in
   * chunks of a few thousand lines: at 6M pairs one string would take gigabytes.
   */
  writeCsv(write: (chunk: string) => void): void {
    const cell = (s: string): string => {
      const text = csvCell(s);
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    };
    const vIds = this.volunteers.map((v) => cell(v.id));
    const oIds = this.openings.map((o) => cell(o.id));
    let lines: string[] = [`${CANDIDATES_HEADER}\r\n`];
    for (const e of this.order) {
      const i = this.edgeLeft[e]!;
      const j = this.edgeRight[e]!;
      lines.push(`${vIds[i]},${oIds[j]},${this.scores[e]},${this.volunteers[i]!.capacity},${this.openings[j]!.capacity}\r\n`);
      if (lines.length === CHUNK_LINES) {
        write(lines.join(''));
        lines = [];
      }
    }
    if (lines.length > 0) write(lines.join(''));
  }

  /** The whole file as one string (tests, small runs). */
  toCsv(): string {
    const chunks: string[] = [];
    this.writeCsv((c) => chunks.push(c));
    return chunks.join('');
  }
}

const CHUNK_LINES = 8192;

/** Edges by opening_id, then volunteer_id: a counting sort on the opening's rank, then each opening's few edges by volunteer rank. */
function sortedEdges(
  volunteers: readonly { id: string }[],
  openings: readonly { id: string }[],
  edgeLeft: Int32Array,
  edgeRight: Int32Array,
): Int32Array {
  const vRank = ranks(volunteers.map((v) => v.id));
  const oRank = ranks(openings.map((o) => o.id));
  const start = new Int32Array(openings.length + 1);
  for (let e = 0; e < edgeRight.length; e++) start[oRank[edgeRight[e]!]! + 1]!++;
  for (let r = 0; r < openings.length; r++) start[r + 1]! += start[r]!;
  const order = new Int32Array(edgeRight.length);
  const next = start.slice(0, openings.length);
  for (let e = 0; e < edgeRight.length; e++) order[next[oRank[edgeRight[e]!]!]!++] = e;
  for (let r = 0; r < openings.length; r++) {
    order.subarray(start[r]!, start[r + 1]!).sort((a, b) => vRank[edgeLeft[a]!]! - vRank[edgeLeft[b]!]!);
  }
  return order;
}
