import type { Kysely } from 'kysely';
import { newId } from './ids';
import type { AuditLogRow, Database } from './tables';

/** Appends an entry to the audit log (in the caller's transaction, beside the change it records). */
export async function insertAuditEntry(db: Kysely<Database>, entry: Omit<AuditLogRow, 'id'>): Promise<AuditLogRow> {
  const row: AuditLogRow = { id: newId(new Date(entry.at).getTime()), ...entry };
  await db.insertInto('audit_log').values(row).execute();
  return row;
}

/** Audit entries, newest first, paged by id (ids are time-ordered); only one site's when given. */
export async function listAuditEntries(
  db: Kysely<Database>,
  filter: { siteId?: string | undefined; before?: string | undefined; limit: number },
): Promise<AuditLogRow[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.siteId) query = query.where('site_id', '=', filter.siteId);
  if (filter.before) query = query.where('id', '<', filter.before);
  return query.execute();
}
