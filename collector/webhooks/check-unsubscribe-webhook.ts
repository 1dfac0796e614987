import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { newId } from '../store/ids';
import { findPersonByIdentity, identityKey } from '../store/person.repository';
import { countReferralsOfAdvocate } from '../store/referral.repository';
import type { Database, PersonRow } from '../store/tables';
import { DEFAULT_REQUEST_TIMEOUT_IN_MS, postToEndpoint } from './webhook-delivery';
import { endpointsFor } from './webhook-fan-out';
import { RefusedTargetError, type SelfAddress } from './webhook-target-guard';

/** The web hook type, and what an endpoint subscribes to for it. */
export const CHECK_UNSUBSCRIBE_TYPE = 'check_unsubscribe';

/** Talkable's view category of the mail a friend is invited by (Vouch sends no other mail yet). */
export const INVITE_EMAIL_TYPE = 'notifier_offers_share_via_email';

/**
 * The Check Unsubscribe payload, key for key as Talkable's: campaign, recipient, email_type.
 * The recipient's names and referral counts are the site's person with that address, when the
 * site has one (an invited friend often is nobody yet: names null, counts 0). Vouch keeps no
 * user names, subscriptions or loyalty programme; those keys are there with Talkable's empty
 * values. Vouch adds `type` ("check_unsubscribe").
 */
export function checkUnsubscribePayload(
  site: Site,
  email: string,
  person: PersonRow | undefined,
  referralCounts: { total: number; approved: number; pending: number },
  emailType = INVITE_EMAIL_TYPE,
) {
  return {
    campaign: {
      id: site.id,
      type: 'DoubleSidedDealCampaign',
      cached_slug: site.site_slug,
      tag_names: ['default'],
      origin_min_age: null,
      origin_max_age: null,
      new_customer: null,
    },
    recipient: {
      first_name: person?.first_name ?? null,
      last_name: person?.last_name ?? null,
      email,
      username: null,
      unsubscribed_at: null,
      subscribed_at: null,
      opted_in_at: null,
      sub_choice: false,
      referral_counts: referralCounts,
      is_loyalty_member: false,
      loyalty_member: null,
    },
    email_type: emailType,
    type: CHECK_UNSUBSCRIBE_TYPE,
  };
}

/**
 * What the shop answered about one recipient: "unchecked" when no endpoint subscribed to
 * check_unsubscribe; "unknown" when an endpoint did not answer 2xx with
 * {"result": {"unsubscribed": true | false}} (the mail must wait, not go out unchecked).
 */
export type UnsubscribeCheck =
  | { verdict: 'unchecked' }
  | { verdict: 'subscribed' | 'unsubscribed'; target: string; responseStatus: number; responseExcerpt: string }
  | { verdict: 'unknown'; target: string; responseStatus: number | null; responseExcerpt: string | null; error: string };

/**
 * Asks each endpoint subscribed to check_unsubscribe whether the address unsubscribed at the
 * shop, through the web hook client (signed, guarded, within the web hook timeout). One
 * "unsubscribed" is enough; an endpoint that gives no usable answer makes the check unknown.
 * Every call has a webhook-id of its own: it is a question, asked anew at each attempt.
 */
export function unsubscribeChecker(config: { db: Kysely<Database>; self: () => SelfAddress; requestTimeoutInMs?: number | undefined }) {
  const timeoutInMs = config.requestTimeoutInMs ?? DEFAULT_REQUEST_TIMEOUT_IN_MS;
  return async (site: Site, email: string): Promise<UnsubscribeCheck> => {
    const endpoints = endpointsFor(site, CHECK_UNSUBSCRIBE_TYPE);
    if (endpoints.length === 0) return { verdict: 'unchecked' };
    const person = await findPersonByIdentity(config.db, site.id, identityKey({ email, customer_id: null }));
    const counts = person ? await countReferralsOfAdvocate(config.db, person) : { total: 0, approved: 0, pending: 0 };
    const payload = JSON.stringify(checkUnsubscribePayload(site, email, person, counts));
    let subscribed: UnsubscribeCheck | undefined;
    for (const endpoint of endpoints) {
      let answer;
      try {
        answer = await postToEndpoint(site, endpoint, newId(), CHECK_UNSUBSCRIBE_TYPE, payload, config.self(), timeoutInMs);
      } catch (error) {
        const reason = error instanceof RefusedTargetError ? `refused: ${error.message}` : (error as Error).message;
        return { verdict: 'unknown', target: endpoint.url, responseStatus: null, responseExcerpt: null, error: reason };
      }
      const seen = { target: endpoint.url, responseStatus: answer.status, responseExcerpt: answer.excerpt };
      if (answer.status < 200 || answer.status >= 300) return { verdict: 'unknown', ...seen, error: `HTTP ${answer.status}` };
      const unsubscribed = unsubscribedIn(answer.body);
      if (unsubscribed === null) return { verdict: 'unknown', ...seen, error: 'the answer is not {"result": {"unsubscribed": true | false}}' };
      if (unsubscribed) return { verdict: 'unsubscribed', ...seen };
      subscribed = { verdict: 'subscribed', ...seen };
    }
    return subscribed!;
  };
}

/** The answer's result.unsubscribed, or null when the answer is not Talkable's shape. */
function unsubscribedIn(body: string): boolean | null {
  try {
    const parsed = JSON.parse(body) as { result?: { unsubscribed?: unknown } } | null;
    const value = parsed?.result?.unsubscribed;
    return typeof value === 'boolean' ? value : null;
  } catch {
    return null;
  }
}
