import BetterSqlite3 from 'better-sqlite3';

/** Rows in every table of a SQLite file (migration bookkeeping left out). */
export function rowCounts(file: string): Record<string, number> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const tables = db
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'vouch_migration%' order by name")
      .all() as { name: string }[];
    return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

/** Rows each table gained per request between two counts, leaving out tables that gained none. */
export function rowsPerRequest(before: Record<string, number>, after: Record<string, number>, requests: number): Record<string, number> {
  const gained: Record<string, number> = {};
  for (const [table, count] of Object.entries(after)) {
    const added = count - (before[table] ?? 0);
    if (added > 0) gained[table] = Math.round((added / requests) * 100) / 100;
  }
  return gained;
}
