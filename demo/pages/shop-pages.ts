import type { CartLine } from '../cart';
import { formatPrice, PRODUCTS } from '../catalog';
import type { Order } from '../orders';
import { esc } from './layout';
import { plantArt } from './plant-art';

/** The product list, with the friend's welcome banner when they came through a claim. */
export function homeBody(friendCoupon: string | null, flash: string | null): string {
  const banner = friendCoupon
    ? `<div class="banner" role="status">A friend sent you a gift: <strong>$10 off</strong> your first order — code <strong>${esc(friendCoupon)}</strong> is applied at checkout.</div>`
    : '';
  const notice = flash ? `<div class="banner" role="status">${esc(flash)}</div>` : '';
  const cards = PRODUCTS.map(
    (product) => `<div class="card"><div class="tile tint-${product.id}">${plantArt(product.leaf, product.pot)}</div>
<h3>${esc(product.name)}</h3><p class="muted">${esc(product.blurb)}</p><p class="price">${formatPrice(product.price)}</p>
<form method="post" action="/cart"><input type="hidden" name="product" value="${product.id}"><button type="submit">Add to cart</button></form></div>`,
  ).join('');
  return `${banner}${notice}<h1>Plants that make friends</h1><div class="grid">${cards}</div>`;
}

/** The cart with its total and the way to checkout. */
export function cartBody(lines: CartLine[]): string {
  if (lines.length === 0) return '<h1>Your cart</h1><p>Your cart is empty. <a href="/">Find a plant</a>.</p>';
  const rows = lines.map((line) => `<tr><td>${esc(line.product.name)}</td><td>${line.quantity}</td><td>${formatPrice(line.total)}</td></tr>`).join('');
  const total = lines.reduce((sum, line) => sum + line.total, 0);
  return `<h1>Your cart</h1><div class="table-wrap"><table><thead><tr><th>Item</th><th>Qty</th><th>Total</th></tr></thead><tbody>${rows}</tbody></table></div>
<p class="price">Items: ${formatPrice(total)}</p><a class="button" href="/checkout">Checkout</a>`;
}

export interface CheckoutForm {
  name: string;
  email: string;
  coupon: string;
  errors: Record<string, string>;
}

/** The checkout form; the friend's coupon is filled in when they came through a claim. */
export function checkoutBody(lines: CartLine[], form: CheckoutForm, discount: number): string {
  const itemsTotal = lines.reduce((sum, line) => sum + line.total, 0);
  const field = (name: keyof Omit<CheckoutForm, 'errors'>, label: string, type: string, extra = '') =>
    `<label for="${name}">${label}</label><input id="${name}" name="${name}" type="${type}" value="${esc(form[name])}" ${extra}
${form.errors[name] ? `aria-invalid="true" aria-describedby="${name}-error"` : ''}>${form.errors[name] ? `<p class="error" id="${name}-error">${esc(form.errors[name])}</p>` : ''}`;
  return `<h1>Checkout</h1><form method="post" action="/checkout" novalidate>
${field('name', 'Full name', 'text', 'autocomplete="name" required')}
${field('email', 'Email', 'email', 'autocomplete="email" required')}
${field('coupon', 'Coupon code (optional)', 'text', 'autocomplete="off"')}
<p class="muted">Items ${formatPrice(itemsTotal)}${discount > 0 ? ` · friend discount −${formatPrice(discount)}` : ''} · <strong>to pay ${formatPrice(Math.max(0, itemsTotal - discount))}</strong></p>
<button type="submit">Place order</button></form>`;
}

/** The order confirmation: where the merchant's snippet shows the advocate their offer. */
export function confirmationBody(order: Order): string {
  const discount = order.discount > 0 ? `<p>Friend discount applied: −${formatPrice(order.discount)} (code ${esc(order.couponCode)})</p>` : '';
  return `<h1>Thank you, ${esc(order.name.split(' ')[0])}!</h1>
<p>Order <strong>${esc(order.number)}</strong> is confirmed: ${formatPrice(order.subtotal)} paid. A receipt is on its way to ${esc(order.email)}.</p>${discount}
<h2>Share the love</h2><div id="vouch-offer" data-testid="vouch-offer"></div>`;
}
