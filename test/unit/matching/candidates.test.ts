import { describe, expect, it } from 'vitest';
import { CANDIDATES_HEADER, CandidateTable } from '../../../src/matching/volunteers/candidates.js';
import { toCsv } from '../../../src/io/csv-out.js';

const volunteers = [{ id: 'V2', capacity: 1 }, { id: '=V1', capacity: 2 }, { id: 'V,3', capacity: 1 }];
const openings = [{ id: 'OP2', capacity: 3 }, { id: 'OP1', capacity: 1 }];
// Edges in solver order (by opening index, volunteers in any order).
const edgeLeft = Int32Array.from([2, 0, 1, 0, 2]);
const edgeRight = Int32Array.from([0, 0, 0, 1, 1]);
const scores = Float64Array.from([10.5, 20, 30.25, 40, 50]);

describe('CandidateTable (--candidates)', () => {
  const table = new CandidateTable(volunteers, openings, edgeLeft, edgeRight, scores, true);

  it('lists every allowed pair by opening_id, then volunteer_id', () => {
    expect([...table].map((p) => `${p.opening_id}/${p.volunteer_id}`)).toEqual(['OP1/V,3', 'OP1/V2', 'OP2/=V1', 'OP2/V,3', 'OP2/V2']);
    expect(table.pair(0)).toEqual({ volunteer_id: 'V,3', opening_id: 'OP1', score: 50, volunteer_capacity: 1, opening_capacity: 1 });
  });

  it('writes the same bytes as the generic CSV writer: header, CRLF, neutralised and quoted IDs', () => {
    const generic = toCsv([...table] as unknown as Record<string, unknown>[], { header: CANDIDATES_HEADER.split(','), bom: false });
    expect(table.toCsv()).toBe(generic);
    expect(table.toCsv()).toContain(`"V,3",OP1,50,1,1\r\n`);
    expect(table.toCsv()).toContain(`'=V1,OP2,30.25,2,3\r\n`);
  });

  it('is empty when the pairs were not asked for', () => {
    const none = new CandidateTable(volunteers, openings, edgeLeft, edgeRight, scores, false);
    expect(none.length).toBe(0);
    expect(none.toCsv()).toBe(`${CANDIDATES_HEADER}\r\n`);
  });
});
