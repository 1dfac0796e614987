import type { ReferralRow } from '../store/tables';
import { fraudPayload, talkableFraudFields } from '../webhooks/fraud-payload';

/**
 * A referral as the Talkable-shaped API answers it. The fraud decision goes only to the
 * merchant's server (`withFraud`): a browser told which signal fired would learn how to dodge it.
 */
export function referralView(referral: ReferralRow, advocateShortUrlCode: string, withFraud = true) {
  return {
    id: referral.id,
    status: referral.status,
    blocked_reason: referral.blocked_reason,
    // When a flagged referral resolves by itself (the site's flagged_auto_resolution), else null.
    flagged_until: referral.flagged_until ?? null,
    // The decision trail: every signal evaluated, its value, whether it fired, in words.
    ...(withFraud ? { fraud: fraudPayload(referral), ...talkableFraudFields(referral) } : {}),
    attributed_by: referral.attributed_by,
    advocate_offer: { short_url_code: advocateShortUrlCode },
    created_at: referral.created_at,
    updated_at: referral.updated_at,
  };
}
