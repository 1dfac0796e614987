/**
 * The collector's answers as the widget uses them, with minimal shape checks: an answer that does
 * not fit is treated like no answer at all rather than half-rendered.
 */
import type { ShareChannel } from '../collector/contract/share-channels';

/** One side of the referral: "$10 off your first order". */
export interface Reward {
  amount?: number | null;
  incentive: string;
  incentive_description: string;
}

export interface Campaign {
  name?: string;
  locale?: string;
  advocate_reward: Reward;
  friend_reward: Reward;
  /** Most addresses one email share may name: the site's email_limits.recipients_per_share. */
  recipients_per_share?: number;
  /** The experiment variant the offer was made in: its copy and its share buttons in order (null: the site's own). */
  variant?: { id: string; strings?: Record<string, string>; share_channels?: ShareChannel[] | null } | null;
}

/** The advocate's offer: one claim link per share channel. */
export interface Offer {
  short_url_code: string;
  claim_url: string;
  claim_urls: Partial<Record<ShareChannel, string>>;
  /** Present when the merchant vouched for the advocate: needed to send email invites. */
  share_key?: string;
}

export interface OfferView {
  offer: Offer;
  campaign: Campaign;
}

/** The advocate's dashboard: each referral's reason and each status come in the site's language from the collector. */
export interface DashboardView {
  referrals: { friend: string; created_at: string; status: string; reason: string }[];
  rewards: { description: string; coupon_code: string | null; status: string; created_at: string }[];
  totals: { referrals: number; approved: number; pending: number };
}

/** Per-recipient flags of an email share. */
export interface RecipientResult {
  currently_sent: boolean;
  previously_sent?: boolean;
  email_valid?: boolean;
  self_referral?: boolean;
  unsubscribed?: boolean;
  /** Talkable's spelling today; `blacklisted` is its older one. */
  blocklisted?: boolean;
  blacklisted?: boolean;
}

export interface EmailShareResult {
  stats: { currently_sent: number; sent_limit_exceeded?: boolean };
  recipients: Record<string, RecipientResult>;
}

/** Whether a value is a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Only http(s) links may reach an href: a javascript: URL in a bad answer must not become a button.
const isHttpUrl = (value: unknown) => /^https?:\/\//.test(String(value));

const hasDescription = (reward: unknown) => isRecord(reward) && typeof reward.incentive_description === 'string';

/** `{offer, campaign}` from an origin or offer answer, or undefined when either is malformed. */
export function readOfferView({ offer, campaign }: Record<string, unknown>): OfferView | undefined {
  if (!isRecord(offer) || !isRecord(campaign) || !isHttpUrl(offer.claim_url) || !isRecord(offer.claim_urls)) return undefined;
  if (typeof offer.short_url_code !== 'string' || !hasDescription(campaign.advocate_reward) || !hasDescription(campaign.friend_reward)) return undefined;
  const claimUrls = Object.fromEntries(Object.entries(offer.claim_urls).filter(([, url]) => isHttpUrl(url)));
  return { offer: { ...(offer as Offer), claim_urls: claimUrls }, campaign: campaign as Campaign };
}

/** An offer with the advocate's dashboard, or undefined when malformed. */
export function readDashboard(result: Record<string, unknown>): (OfferView & { dashboard: DashboardView }) | undefined {
  const view = readOfferView(result);
  const { dashboard } = result;
  return view && isRecord(dashboard) && Array.isArray(dashboard.referrals) && Array.isArray(dashboard.rewards) && isRecord(dashboard.totals)
    ? { ...view, dashboard: dashboard as unknown as DashboardView }
    : undefined;
}

/** An email share's answer, or undefined when malformed. */
export function readEmailShareResult(result: Record<string, unknown>): EmailShareResult | undefined {
  const { stats, recipients } = result;
  return isRecord(stats) && typeof stats.currently_sent === 'number' && isRecord(recipients) ? (result as unknown as EmailShareResult) : undefined;
}
