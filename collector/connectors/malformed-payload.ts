import type * as v from 'valibot';
import { ignored, type Outcome } from './connector';

/**
 * A signed payload that does not have the documented shape. It is answered 200 and logged, not
 * refused: every platform retries a non-2xx answer (Shopify for hours and then drops the
 * subscription, WooCommerce until it disables the hook, Stripe for days) and the same bytes
 * would fail the same way each time. The log line names the delivery and the field.
 */
export function malformed(issues: readonly v.BaseIssue<unknown>[]): Outcome {
  const first = issues[0];
  const field = first?.path?.map((step) => String(step.key)).join('.') || 'body';
  return ignored(`malformed: ${field} ${first?.message ?? 'is not the documented shape'}`);
}
