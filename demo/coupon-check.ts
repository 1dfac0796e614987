/**
 * The shop's checkout asking the collector whether a customer may use a code, as a merchant's
 * server does: the permission look-up, with the secret key, which never leaves the server.
 */

/** What the checkout does with a code: apply it (its discount), or refuse it with words for the customer. */
export type CouponDecision = { applies: true; discount: number } | { applies: false; message: string };

interface PermissionAnswer {
  ok: boolean;
  result?: {
    allowed: boolean;
    talkable_coupon: boolean;
    error_message?: string | null;
    coupon?: { amount: number | null; percentage_discount: boolean };
  };
}

/**
 * Asks `GET /api/v2/coupons/:code/permission/:email` about an order of `itemsTotal`, and turns
 * the answer into the discount. The demo shop has no codes of its own, so a code the collector
 * did not give is refused; a real shop would check its own codes there.
 */
export async function checkCoupon(
  collector: { url: string; siteSlug: string; apiKey: string },
  code: string,
  email: string,
  itemsTotal: number,
): Promise<CouponDecision> {
  // Below the collector's URL, path prefix and all (https://shop.example/refer/api/v2/…).
  const url = new URL(`${collector.url.replace(/\/+$/, '')}/api/v2/coupons/${encodeURIComponent(code)}/permission/${encodeURIComponent(email)}`);
  url.searchParams.set('site_slug', collector.siteSlug);
  url.searchParams.set('subtotal', itemsTotal.toFixed(2));
  let answer: PermissionAnswer;
  try {
    const response = await fetch(url, { headers: { authorization: `Bearer ${collector.apiKey}` }, signal: AbortSignal.timeout(5000) });
    if (!response.ok) return { applies: false, message: 'We could not check that code just now. Try again, or remove it to order without it.' };
    answer = (await response.json()) as PermissionAnswer;
  } catch {
    return { applies: false, message: 'We could not check that code just now. Try again, or remove it to order without it.' };
  }
  const result = answer.result;
  if (!result?.talkable_coupon) return { applies: false, message: 'That code is not one of ours. Check it, or remove it to order without it.' };
  if (!result.allowed) return { applies: false, message: `${result.error_message ?? 'This code cannot be used'}.` };
  const amount = result.coupon?.amount ?? 0;
  const discount = result.coupon?.percentage_discount ? Math.round(itemsTotal * amount) / 100 : amount;
  return { applies: true, discount: Math.min(itemsTotal, discount) };
}
