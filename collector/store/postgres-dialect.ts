import {
  PostgresDialect,
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type Kysely,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';

/**
 * kysely's PostgreSQL dialect, but its introspection (which the Migrator uses to find its own
 * tables) looks only at the schema in the search path. kysely's own looks at every schema of
 * the database: slow in a database other applications share, wrong when another schema holds
 * Vouch tables too, and it fails when another schema is altered or dropped meanwhile.
 */
export class SchemaScopedPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}

class CurrentSchemaIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<any>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const result = await sql<{ name: string }>`select current_schema() as name`.execute(this.db);
    return result.rows;
  }

  async getTables(): Promise<TableMetadata[]> {
    const result = await sql<{ schema: string; name: string; type: string }>`
      select table_schema as schema, table_name as name, table_type as type
      from information_schema.tables where table_schema = current_schema()`.execute(this.db);
    // Names only: the Migrator asks whether its tables exist, nothing about their columns.
    return result.rows.map((row) => ({ schema: row.schema, name: row.name, isView: row.type === 'VIEW', columns: [] }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}
