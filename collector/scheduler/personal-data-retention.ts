import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import type { SiteDirectory } from '../config/site-directory';
import type { Logger } from '../logger';
import { clearOldIpAddresses, clearOldPayloadKeys, clearOldShippingHashes, clearOldVisitorUuids } from '../store/personal-data-retention.repository';
import type { Database } from '../store/tables';
import { startPeriodicJob, type PeriodicJob } from './periodic-job';

export interface PersonalDataRetentionOptions {
  /** How often each site's old personal details are looked for. */
  intervalInMs?: number;
  /** Most rows cleared per statement: a large backlog goes in short statements. */
  batchSize?: number;
}

export type PersonalDataRetention = PeriodicJob;

const DEFAULT_INTERVAL_IN_MS = 60 * 60_000;
const DEFAULT_BATCH_SIZE = 500;
const DAY_IN_MS = 24 * 60 * 60_000;

/** The payload keys that hold each detail in web hook copies. */
const IP_KEYS = ['ip_address', 'user_agent'];
const VISITOR_UUID_KEYS = ['visitor_uuid'];

/**
 * Clears what each site's `retention` says to keep no longer: IP addresses, user agents and
 * network hashes after ip_addresses_days, visitor uuids and device id hashes after
 * visitor_uuids_days, in the rows and in delivered web hooks' copies; shipping address hashes
 * after shipping_addresses_days. Like auto-approval, every round reads what is due from the store, so
 * restarts lose nothing and instances sharing a store only share the work.
 */
export function startPersonalDataRetention(config: { db: Kysely<Database>; sites: SiteDirectory; logger: Logger; clock: Clock; options?: PersonalDataRetentionOptions }): PersonalDataRetention {
  const { db, logger } = config;
  const intervalInMs = config.options?.intervalInMs ?? DEFAULT_INTERVAL_IN_MS;
  const batchSize = config.options?.batchSize ?? DEFAULT_BATCH_SIZE;
  const sites = config.sites
    .all()
    .filter((site) => site.retention.ip_addresses_days !== undefined || site.retention.visitor_uuids_days !== undefined || site.retention.shipping_addresses_days !== undefined);
  const round = async (): Promise<boolean> => {
    let more = false;
    const now = config.clock().getTime();
    for (const site of sites) {
      const { ip_addresses_days: ipDays, visitor_uuids_days: uuidDays, shipping_addresses_days: shippingDays } = site.retention;
      let cleared = 0;
      if (ipDays !== undefined) {
        const before = new Date(now - ipDays * DAY_IN_MS).toISOString();
        const rows = (await clearOldIpAddresses(db, site.id, before, batchSize)) + (await clearOldPayloadKeys(db, site.id, before, IP_KEYS, batchSize));
        cleared += rows;
      }
      if (uuidDays !== undefined) {
        const before = new Date(now - uuidDays * DAY_IN_MS).toISOString();
        cleared += (await clearOldVisitorUuids(db, site.id, before, batchSize)) + (await clearOldPayloadKeys(db, site.id, before, VISITOR_UUID_KEYS, batchSize));
      }
      if (shippingDays !== undefined) cleared += await clearOldShippingHashes(db, site.id, new Date(now - shippingDays * DAY_IN_MS).toISOString(), batchSize);
      if (cleared > 0) logger.info('personal details older than the retention period cleared', { site: site.site_slug, rows: cleared });
      // A batch that came back full means more are due: the next round at once, not in an hour.
      if (cleared >= batchSize) more = true;
    }
    return more;
  };
  return startPeriodicJob({ name: 'personal data retention', intervalInMs, logger, round });
}
