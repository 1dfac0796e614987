import type { Database as Sqlite, Statement } from 'better-sqlite3';

/** Inserts rows into one table through one prepared statement. */
export interface BulkInserter {
  row(...values: unknown[]): void;
}

interface ColumnInfo {
  name: string;
  notnull: number;
  dflt_value: unknown;
  pk: number;
}

/**
 * A prepared insert of the given columns. Refuses up front when the table has a required
 * column (not null, no default) the seeder does not fill: a schema change the bench must learn.
 */
export function bulkInserter(db: Sqlite, table: string, columns: readonly string[]): BulkInserter {
  const info = db.prepare(`select * from pragma_table_info(?)`).all(table) as ColumnInfo[];
  if (info.length === 0) throw new Error(`the schema has no table ${table}`);
  const missing = info.filter((column) => column.notnull && column.dflt_value === null && !column.pk && !columns.includes(column.name));
  if (missing.length > 0) {
    throw new Error(`${table} gained required column(s) ${missing.map((column) => column.name).join(', ')}: teach bench/support/seed-store.ts to fill them`);
  }
  const statement: Statement = db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
  return { row: (...values) => void statement.run(...values) };
}
