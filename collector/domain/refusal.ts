/**
 * What kind of "no" a refusal is. The domain says which; the HTTP status each kind becomes is
 * decided in one place, the app's error handler.
 */
export type RefusalKind = 'invalid' | 'conflict' | 'not_found' | 'forbidden' | 'too_many' | 'unauthorized';

/** Every stable reason the domain refuses for, answered to clients as the error's code. */
export const REFUSAL_CODES = [
  /** A referral status change the status table forbids (approved and voided are final). */
  'illegal_transition',
  /** An email share over the advocate's daily or the caller's hourly invite limit. */
  'invite_limit',
  /** A social share on a channel the offer has no claim link for. */
  'channel_without_link',
  /** Sharing channels that would give one offer more links than MAX_CHANNELS_PER_OFFER. */
  'too_many_channels',
  /** An email share whose recipients name no valid address, or too many. */
  'recipients_invalid',
  /** An email share from a browser without the offer's share key. */
  'share_key_required',
  /** An email share from a browser with a key that is not the offer's. */
  'share_key_invalid',
  /** A browser's invite note that carries a link. */
  'message_has_link',
  /** A hand-made referral record naming something not of this site, or a self-referral. */
  'record_invalid',
  /** A hand-made referral record for an order, friend or threshold that already has a referral. */
  'record_conflict',
  /** A refund of more than the origin's subtotal. */
  'refund_exceeds_subtotal',
  /** A console sign-in with an address or password that is wrong: one answer for both, so it tells no one which addresses have accounts. */
  'invalid_credentials',
  /** Console sign-ins for this account or from this address failed too often; retry after Retry-After. */
  'too_many_attempts',
  /** A console password shorter than 12 characters (or absurdly long). */
  'password_too_short',
  /** A set-password link that is unknown, used already or expired. */
  'password_link_invalid',
  /** A console user for an address that has one already. */
  'user_exists',
  /** No console user has this address. */
  'user_not_found',
  /** Removing or demoting the last owner, which would leave nobody able to manage users. */
  'last_owner',
  /** A console decision on a referral id that names none of the site's referrals. */
  'referral_not_found',
  /** A console user named for a site the store does not know. */
  'unknown_site',
  /** A console overview or export period whose from is after its to, or longer than the longest allowed. */
  'invalid_period',
  /** A console advocate page for an id or address that names no advocate of the site. */
  'advocate_not_found',
  /** A people API change of a customer id that another person of the site is known by. */
  'person_identity_conflict',
] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];

/**
 * The one error the domain throws when it refuses a request (as opposed to failing): a stable
 * code, its kind, the field it is about and what is wrong with it. Routes let it pass; the app
 * answers it in the caller's API envelope.
 */
export class Refusal extends Error {
  override name = 'Refusal';
  readonly code: RefusalCode;
  readonly kind: RefusalKind;
  readonly field: string;
  /** What is wrong with the field, e.g. "is not a customer of this site". */
  readonly detail: string;
  /** When the caller may try again (too_many). */
  readonly retryAfterInSeconds: number | undefined;

  constructor(refusal: {
    code: RefusalCode;
    kind: RefusalKind;
    field: string;
    detail: string;
    /** The sentence answered as the error message; "<field> <detail>" when not given. */
    message?: string;
    retryAfterInSeconds?: number;
  }) {
    super(refusal.message ?? `${refusal.field} ${refusal.detail}`);
    this.code = refusal.code;
    this.kind = refusal.kind;
    this.field = refusal.field;
    this.detail = refusal.detail;
    this.retryAfterInSeconds = refusal.retryAfterInSeconds;
  }
}
