import { msg } from '../../errors.js';
import type { SqlValue } from '../cells.js';
import * as cell from '../cells.js';
import type { ColumnSpec, RecordContext, RowProblem } from '../kind.js';

/** The organization a record belongs to, as every roster that has one names it. */
const ORG_ID_ALIASES = ['団体ID', '団体番号', '団体コード'];
export const orgIdColumn: ColumnSpec = { name: 'org_id', aliases: ORG_ID_ALIASES, type: cell.text, required: true };

/** The reject of a row naming an organization the database does not hold. */
export function unknownOrg(orgId: string, column = 'org_id'): RowProblem {
  return {
    column,
    value: orgId,
    code: 'unknown_org',
    reason: msg(`organization ${orgId} is not in the database; import the organizations first`, `団体 ${orgId} が登録されていません。先に団体名簿を取り込んでください`),
  };
}

/** An org_id cell, when present and non-empty, must name a stored organization. */
export function checkOrgExists(values: Map<string, SqlValue>, ctx: RecordContext): RowProblem | undefined {
  const orgId = values.get('org_id');
  return typeof orgId === 'string' && !ctx.orgExists(orgId) ? unknownOrg(orgId) : undefined;
}
