import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { enqueueSignInLinkMail } from '../mail/sign-in-link-mail';
import { consoleTokenHash, newConsoleToken } from '../signing/console-token';
import { countSignInLinksSince, insertSignInLink, isLiveSignInLink, useSignInLink } from '../store/advocate-sign-in.repository';
import { findPerson } from '../store/person.repository';
import type { Database, PersonRow } from '../store/tables';
import { writeTransaction } from '../store/write-transaction';
import { findAdvocate } from './advocate-dashboard';

/** How long a mailed sign-in link works. */
export const SIGN_IN_LINK_LIFETIME_IN_MINUTES = 30;
/** Most links one address is sent per hour: enough to retry, too few to flood an inbox. */
export const SIGN_IN_LINKS_PER_ADDRESS_PER_HOUR = 5;
const HOUR_IN_MS = 60 * 60 * 1000;

/** The address of a sign-in link: the dashboard's path and the token, which only the mail holds. */
export function signInLinkUrl(publicUrl: string, site: Site, token: string): string {
  return `${publicUrl}/me/${site.site_slug}/link/${token}`;
}

/**
 * Mails a one-time sign-in link to an address the site knows, through the durable outbox; an
 * unknown address, or one over its hourly limit, gets nothing. The caller answers the same in
 * every case, so the answer tells nobody whether an address is an advocate. Answers whether a
 * mail was written (so the outbox can be woken).
 */
export async function requestSignInLink(db: Kysely<Database>, site: Site, publicUrl: string, email: string, now: Date): Promise<boolean> {
  const person = await findAdvocate(db, site, email);
  if (!person?.email) return false;
  if ((await countSignInLinksSince(db, person.id, new Date(now.getTime() - HOUR_IN_MS).toISOString())) >= SIGN_IN_LINKS_PER_ADDRESS_PER_HOUR) return false;
  const token = newConsoleToken();
  const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_LIFETIME_IN_MINUTES * 60_000).toISOString();
  const to = person.email;
  await writeTransaction(db, async (trx) => {
    const linkId = await insertSignInLink(trx, { siteId: site.id, personId: person.id, tokenHash: consoleTokenHash(token), expiresAt }, now);
    await enqueueSignInLinkMail(trx, site, publicUrl, { linkId, email: to, signInUrl: signInLinkUrl(publicUrl, site, token), lifetimeInMinutes: SIGN_IN_LINK_LIFETIME_IN_MINUTES }, now);
  });
  return true;
}

/** The advocate a sign-in link's token opens the dashboard for, using the link up; undefined for a wrong, expired or used one. */
export async function redeemSignInLink(db: Kysely<Database>, site: Site, token: string, now: Date): Promise<PersonRow | undefined> {
  const personId = await useSignInLink(db, site.id, consoleTokenHash(token), now);
  return personId ? findPerson(db, personId) : undefined;
}

/** Whether a sign-in link's token still works; uses nothing up (a mail scanner's GET must not spend it). */
export function isSignInLinkLive(db: Kysely<Database>, site: Site, token: string, now: Date): Promise<boolean> {
  return isLiveSignInLink(db, site.id, consoleTokenHash(token), now);
}
