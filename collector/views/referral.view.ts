import type { ReferralRow } from '../store/tables';

/** A referral as the Talkable-shaped API answers it. */
export function referralView(referral: ReferralRow, advocateShortUrlCode: string) {
  return {
    id: referral.id,
    status: referral.status,
    blocked_reason: referral.blocked_reason,
    attributed_by: referral.attributed_by,
    advocate_offer: { short_url_code: advocateShortUrlCode },
    created_at: referral.created_at,
    updated_at: referral.updated_at,
  };
}
