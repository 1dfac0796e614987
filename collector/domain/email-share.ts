import type { Kysely } from 'kysely';
import { offerCampaignSettings } from '../config/site-campaigns';
import { lockKey } from '../store/row-locks';
import type { Site } from '../config/site-config.schema';
import type { Logger } from '../logger';
import { enforceInviteLimits } from './invite-limits';
import { creditThresholdsQuietly } from './threshold-rewards';
import { Refusal } from './refusal';
import { enqueueInviteMail, type AdvocateWords } from '../mail/invite-mail';
import { enqueuePostShareWebhook } from '../webhooks/post-share-webhook';
import { writeTransaction } from '../store/write-transaction';
import { insertClaimLinks } from '../store/offer.repository';
import { insertShare, previouslyInvited } from '../store/share.repository';
import { suppressedAmong } from '../store/suppression.repository';
import type { ClaimLinkRow, Database, OfferRow, ShareRecipientRow } from '../store/tables';
import { parseRecipients } from '../contract/email-recipients';
import { newCode, newId } from '../store/ids';
import { fingerprintKey } from './fraud/fingerprint-key';
import { deviceIdHash } from './fraud/stored-fingerprints';

/** Most friends one offer may invite by email, over all its shares. */
export const MAX_INVITES_PER_OFFER = 50;

/** Talkable's per-recipient flags. */
export interface RecipientVerdict {
  currently_sent: boolean;
  previously_sent: boolean;
  email_valid: boolean;
  self_referral: boolean;
  unsubscribed: boolean;
  /** Talkable's spelling since it renamed the flag; `blacklisted` stays, with the same value, for older clients. */
  blocklisted: boolean;
  blacklisted: boolean;
  meets_criteria: boolean;
  sharable: boolean;
}

export interface EmailShareResult {
  shareId: string;
  stats: {
    currently_sent: number;
    currently_not_sent: number;
    previously_sent: number;
    total_sent: number;
    sent_limit_exceeded: boolean;
    left_emails: number;
  };
  recipients: Record<string, RecipientVerdict>;
  /** Accepted recipients with the claim link made for each. */
  invites: { email: string; link: ClaimLinkRow }[];
  /** The Post Share web hooks written with the share. */
  webhookIds: string[];
}

/** Where and how an email share is sent. */
export interface InviteContext {
  site: Site;
  /** Base URL of the claim and unsubscribe links in the mails. */
  publicUrl: string;
  /** False for the merchant's own server (secret key): one IP sends for every customer. */
  limitByIp: boolean;
  /** The merchant's server reported the share (secret key); the Post Share web hook says so. */
  verified: boolean;
}

/**
 * Records an email share: every valid, new, non-self, not unsubscribed recipient gets a claim
 * link of its own (channel email), so a click tells which invited friend came, and an invite
 * mail in the outbox, in the same transaction, with the share's Post Share web hook. Invalid, repeated, self and unsubscribed
 * addresses are answered with flags, as Talkable does, and not invited. Refuses (invite_limit)
 * a share when the advocate or the caller's IP has invited too many lately. Then credits any
 * share threshold the advocate reaches (a failed credit is logged, never answered).
 */
export async function recordEmailShare(
  services: { db: Kysely<Database>; logger: Logger },
  offer: OfferRow,
  advocateEmail: string | null,
  share: { recipients: string | string[]; subject?: string | undefined; body?: string | undefined; advocateName?: string | undefined; reminder?: boolean | undefined; ip: string | null; deviceId?: string | null },
  context: InviteContext,
  now = new Date(),
): Promise<EmailShareResult> {
  const parsed = parseRecipients(share.recipients);
  const given = parsed.valid.length + parsed.invalid.length;
  const perShare = context.site.email_limits.recipients_per_share;
  if (given === 0) throw recipientsInvalid('must name at least one email address');
  if (given > perShare) throw recipientsInvalid(`must name at most ${perShare} addresses`);
  if (parsed.valid.length === 0) throw recipientsInvalid(`has no valid email address (${parsed.invalid.join(', ')})`);

  const at = now.toISOString();
  const result = await writeTransaction(services.db, async (trx): Promise<EmailShareResult> => {
    // Before reading what the offer already sent: two shares of one advocate count in turn
    // (the same lock the invite limits take; PostgreSQL's advisory locks are re-entrant).
    await lockKey(trx, `invites:advocate:${offer.person_id}`);
    const earlier = await previouslyInvited(trx, offer.id);
    const unsubscribed = await suppressedAmong(trx, offer.site_id, parsed.valid);
    const shareId = newId(now.getTime());
    const rows: ShareRecipientRow[] = [];
    const links: ClaimLinkRow[] = [];
    const recipients: Record<string, RecipientVerdict> = {};
    const invites: EmailShareResult['invites'] = [];
    let left = Math.max(0, MAX_INVITES_PER_OFFER - earlier.size);
    let limitHit = false;

    for (const email of parsed.valid) {
      const self = email === advocateEmail;
      const previously = earlier.has(email);
      const suppressed = !self && unsubscribed.has(email);
      const overLimit = !self && !previously && !suppressed && left === 0;
      limitHit ||= overLimit;
      const send = !self && !previously && !suppressed && !overLimit;
      recipients[email] = verdict({ currently_sent: send, previously_sent: previously, self_referral: self, unsubscribed: suppressed });
      let link: ClaimLinkRow | null = null;
      if (send) {
        left -= 1;
        link = { id: newId(), offer_id: offer.id, channel: 'email', code: newCode(), recipient_email: email, created_at: at };
        links.push(link);
        invites.push({ email, link });
      }
      rows.push({
        id: newId(),
        share_id: shareId,
        email,
        claim_link_id: link?.id ?? null,
        rejected_reason: send ? null : self ? 'self_referral' : previously ? 'previously_sent' : suppressed ? 'unsubscribed' : 'limit_exceeded',
        created_at: at,
      });
    }
    for (const entry of parsed.invalid) recipients[entry] = verdict({ email_valid: false });

    if (invites.length > 0) {
      await enforceInviteLimits(trx, context.site, {
        advocatePersonId: offer.person_id,
        ip: context.limitByIp ? share.ip : null,
        count: invites.length,
        now,
      });
    }
    await insertClaimLinks(trx, links);
    await insertShare(
      trx,
      { siteId: offer.site_id, advocatePersonId: offer.person_id },
      {
        id: shareId,
        offer_id: offer.id,
        type: 'EmailOfferShare',
        channel: 'email',
        subject: share.subject ?? null,
        body: share.body ?? null,
        ip_address: share.ip,
        device_id_hash: deviceIdHash(share.deviceId, fingerprintKey(context.site)),
        created_at: at,
        reminder: share.reminder ? 1 : 0,
      },
      rows,
    );
    const words: AdvocateWords = { advocateName: share.advocateName ?? null, subject: share.subject ?? null, message: share.body ?? null };
    // The invite speaks for the offer's campaign: its friend reward, its wording, its language.
    const campaignSite = offerCampaignSettings(context.site, offer);
    for (const row of rows) {
      const link = links.find((candidate) => candidate.id === row.claim_link_id);
      if (link) await enqueueInviteMail(trx, campaignSite, context.publicUrl, { email: row.email, claimCode: link.code, recipientId: row.id }, words, now);
    }
    const recorded = { id: shareId, channel: 'email' as const, recipients: invites.map((invite) => invite.email), link: null, verified: context.verified };
    const webhookIds = await enqueuePostShareWebhook(trx, context.site, offer, recorded, now);
    const previouslySent = parsed.valid.filter((email) => earlier.has(email)).length;
    return {
      shareId,
      stats: {
        currently_sent: invites.length,
        currently_not_sent: given - invites.length,
        previously_sent: previouslySent,
        total_sent: earlier.size + invites.length,
        sent_limit_exceeded: limitHit,
        left_emails: left,
      },
      recipients,
      invites,
      webhookIds,
    };
  });
  await creditThresholdsQuietly(services, context.site, offer, 'shares');
  return result;
}

/** Refuses a share's recipients as a whole (none valid, or too many). */
function recipientsInvalid(detail: string): Refusal {
  return new Refusal({ code: 'recipients_invalid', kind: 'invalid', field: 'recipients', detail });
}

function verdict(flags: Partial<RecipientVerdict>): RecipientVerdict {
  const base = {
    currently_sent: false,
    previously_sent: false,
    email_valid: true,
    self_referral: false,
    unsubscribed: false,
    blocklisted: false,
    blacklisted: false,
    ...flags,
  };
  const sharable = base.email_valid && !base.self_referral && !base.unsubscribed && !base.blocklisted && !base.blacklisted;
  return { ...base, meets_criteria: sharable, sharable };
}
