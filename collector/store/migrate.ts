import { Migrator, PostgresAdapter, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as core from './migrations/0001-core';
import * as referralLifecycle from './migrations/0002-referral-lifecycle';
import * as emailInvites from './migrations/0003-email-invites';
import * as referralRecords from './migrations/0004-referral-records';
import * as originHistory from './migrations/0005-origin-history';
import * as refunds from './migrations/0006-refunds';
import * as webhookEndpoints from './migrations/0007-webhook-endpoints';
import * as eventLog from './migrations/0008-event-log';
import * as consoleAccounts from './migrations/0009-console-accounts';
import * as couponRequests from './migrations/0010-coupon-requests';
import * as consoleDataIndexes from './migrations/0012-console-data-indexes';
import * as percentageRewards from './migrations/0013-percentage-rewards';
import * as runningTotals from './migrations/0015-running-totals';
import * as sharedRateLimitsAndOutboxNotify from './migrations/0017-shared-rate-limits-and-outbox-notify';
import * as couponRules from './migrations/0018-coupon-rules';
import * as connectorDeliveries from './migrations/0019-connector-deliveries';
import * as shopCoupons from './migrations/0020-shop-coupons';
import * as peopleApi from './migrations/0021-people-api';
import * as fraud from './migrations/0022-fraud';
import * as emails from './migrations/0023-emails';
import * as talkableShapes from './migrations/0024-talkable-shapes';
import * as advocateSignIn from './migrations/0027-advocate-sign-in';
import * as thresholdCounts from './migrations/0032-threshold-counts';
import * as campaigns from './migrations/0029-campaigns';
import * as rewardTiersAndCurrency from './migrations/0030-reward-tiers-and-currency';
import * as experimentVariants from './migrations/0031-experiment-variants';
import * as emailCaps from './migrations/0028-email-caps';
import * as fraudFacts from './migrations/0026-fraud-facts';

/** Every migration the code knows, in order. New ones are appended, never edited. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-core': core,
  '0002-referral-lifecycle': referralLifecycle,
  '0003-email-invites': emailInvites,
  '0004-referral-records': referralRecords,
  '0005-origin-history': originHistory,
  '0006-refunds': refunds,
  '0007-webhook-endpoints': webhookEndpoints,
  '0008-event-log': eventLog,
  '0009-console-accounts': consoleAccounts,
  '0010-coupon-requests': couponRequests,
  '0012-console-data-indexes': consoleDataIndexes,
  '0013-percentage-rewards': percentageRewards,
  '0015-running-totals': runningTotals,
  '0017-shared-rate-limits-and-outbox-notify': sharedRateLimitsAndOutboxNotify,
  '0018-coupon-rules': couponRules,
  '0019-connector-deliveries': connectorDeliveries,
  '0020-shop-coupons': shopCoupons,
  '0021-people-api': peopleApi,
  '0022-fraud': fraud,
  '0023-emails': emails,
  '0024-talkable-shapes': talkableShapes,
  '0027-advocate-sign-in': advocateSignIn,
  '0032-threshold-counts': thresholdCounts,
  '0029-campaigns': campaigns,
  '0030-reward-tiers-and-currency': rewardTiersAndCurrency,
  '0031-experiment-variants': experimentVariants,
  '0028-email-caps': emailCaps,
  '0026-fraud-facts': fraudFacts,
};

const MIGRATION_TABLE = 'vouch_migration';
const MIGRATION_LOCK_TABLE = 'vouch_migration_lock';

/** The store holds a schema written by a newer Vouch than this one. */
export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError';
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * Brings the schema up to date, or refuses when the store was migrated by newer code
 * (running old code on it could corrupt data the old code does not understand).
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const schema = await currentPostgresSchema(db);
  const applied = await appliedMigrations(db);
  const unknown = applied.filter((name) => !(name in MIGRATIONS));
  if (unknown.length > 0) {
    throw new SchemaTooNewError(
      `the store has schema migrations this version of Vouch does not know (${unknown.join(', ')}); ` +
        'it was written by a newer version: upgrade Vouch, or point DATABASE_URL at another store',
    );
  }
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    // Without a schema kysely looks for its tables in every schema of a PostgreSQL database,
    // and would take another schema's (another store's) tables for this one's.
    ...(schema ? { migrationTableSchema: schema } : {}),
    // Numbers are handed out to work done side by side, so a store may have run a later one
    // (0010) before an earlier one (0009) is released: it then runs the earlier one too, instead
    // of refusing to start. Each migration stands on its own tables and columns.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  try {
    const rows = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(db);
    return rows.rows.map((row) => row.name);
  } catch {
    // No migration table yet (a new store). Introspection is not used here because on
    // PostgreSQL it lists every schema's tables, not only the one in the search path.
    return [];
  }
}

/** The schema unqualified names resolve to on PostgreSQL; undefined on SQLite. */
async function currentPostgresSchema(db: Kysely<any>): Promise<string | undefined> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return undefined;
  const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return result.rows[0]?.schema;
}
