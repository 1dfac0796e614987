import type { ExpressionBuilder } from 'kysely';
import type { Database } from './tables';

/** Where a keyset page of referrals starts: after this (created_at, id). */
export interface RecordPosition {
  created_at: string;
  id: string;
}

/**
 * The condition of a page ordered by (created_at, id) that starts after `after`: both are needed,
 * since referrals made in the same millisecond share created_at.
 */
export function afterRecordPosition(after: RecordPosition) {
  return (eb: ExpressionBuilder<Database, 'referrals'>) =>
    eb.or([eb('created_at', '>', after.created_at), eb.and([eb('created_at', '=', after.created_at), eb('id', '>', after.id)])]);
}
