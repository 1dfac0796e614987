import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { findErasureScope } from '../store/person-erasure.repository';
import type { Database } from '../store/tables';
import { orderNumber } from '../webhooks/webhook-payload';
import { parsePersonSlug } from './anonymize-person';

/**
 * Everything the store keeps about the person a slug names (Talkable's personal_data): the
 * person, their origins with the IP address and visitor uuid each came with, the invites they
 * sent (texts, IP, recipients), the invites sent to them, their clicks (IP, user agent) and
 * their unsubscribe. Answers undefined when the slug names nothing.
 */
export async function personalDataOf(db: Kysely<Database>, site: Site, slug: string) {
  const scope = await findErasureScope(db, site.id, parsePersonSlug(slug));
  const personIds = scope.people.map((person) => person.id);
  const origins = personIds.length === 0 ? [] : await db.selectFrom('origins').selectAll().where('person_id', 'in', personIds).orderBy('created_at').execute();
  const shares = scope.shareIds.length === 0 ? [] : await db.selectFrom('shares').selectAll().where('id', 'in', scope.shareIds).orderBy('created_at').execute();
  const recipients = scope.shareIds.length === 0 ? [] : await db.selectFrom('share_recipients').select(['share_id', 'email']).where('share_id', 'in', scope.shareIds).orderBy('created_at').execute();
  const invitesReceived =
    scope.emails.length === 0
      ? []
      : await db
          .selectFrom('share_recipients')
          .innerJoin('shares', 'shares.id', 'share_recipients.share_id')
          .innerJoin('offers', 'offers.id', 'shares.offer_id')
          .select(['share_recipients.email', 'share_recipients.created_at', 'share_recipients.rejected_reason'])
          .where('offers.site_id', '=', site.id)
          .where('share_recipients.email', 'in', scope.emails)
          .orderBy('share_recipients.created_at')
          .execute();
  const clicks = scope.claimIds.length === 0 ? [] : await db.selectFrom('claims').select(['channel', 'ip_address', 'user_agent', 'visitor_uuid', 'created_at']).where('id', 'in', scope.claimIds).orderBy('created_at').execute();
  const suppression = scope.emails.length === 0 ? undefined : await db.selectFrom('email_suppressions').select(['created_at', 'reason']).where('site_id', '=', site.id).where('email', 'in', scope.emails).orderBy('created_at').executeTakeFirst();
  if (scope.people.length === 0 && invitesReceived.length === 0 && clicks.length === 0 && !suppression) return undefined;
  const first = scope.people[0];
  return {
    created_at: first?.created_at ?? null,
    customer_id: first?.customer_id ?? null,
    email: first?.email ?? scope.emails[0] ?? null,
    first_name: first?.first_name ?? null,
    last_name: first?.last_name ?? null,
    custom_properties: first?.custom_properties ? (JSON.parse(first.custom_properties) as unknown) : null,
    // Set by the people API's PUT (username, sub_choice).
    opted_in_at: first?.opted_in_at ?? null,
    unsubscribed_at: suppression?.created_at ?? null,
    username: first?.username ?? null,
    origins: origins.map((origin) => ({
      type: origin.type,
      created_at: origin.created_at,
      ip_address: origin.ip_address,
      order_number: orderNumber(origin),
      subtotal: origin.subtotal,
      visitor_uuid: origin.visitor_uuid,
      coupon_code: origin.coupon_code,
    })),
    shares: shares.map((share) => ({
      type: share.type,
      channel: share.channel,
      created_at: share.created_at,
      ip_address: share.ip_address,
      subject: share.subject,
      body: share.body,
      recipients: recipients.filter((recipient) => recipient.share_id === share.id).map((recipient) => recipient.email),
    })),
    invites_received: invitesReceived.map((invite) => ({ email: invite.email, created_at: invite.created_at, rejected_reason: invite.rejected_reason })),
    clicks,
    unsubscribe_reason: suppression?.reason ?? null,
    // Every person row the slug names (an address and a customer id can be two), for completeness.
    people_count: scope.people.length,
  };
}
