import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import * as v from 'valibot';
import { findProduct, type Product } from './catalog';

const CART_COOKIE = 'demo_cart';
const MAX_QUANTITY = 20;

// The cart lives in a cookie; whatever comes back is validated, never trusted.
const CartSchema = v.record(v.pipe(v.string(), v.maxLength(40)), v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_QUANTITY)));

export interface CartLine {
  product: Product;
  quantity: number;
  total: number;
}

/** The cart in the visitor's cookie: known products only. */
export function readCart(c: Context): CartLine[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(getCookie(c, CART_COOKIE) ?? '{}');
  } catch {
    // A mangled cookie is an empty cart.
    return [];
  }
  const result = v.safeParse(CartSchema, parsed);
  if (!result.success) return [];
  return Object.entries(result.output).flatMap(([id, quantity]) => {
    const product = findProduct(id);
    return product ? [{ product, quantity, total: product.price * quantity }] : [];
  });
}

/** Adds one of a product to the cart. */
export function addToCart(c: Context, productId: string): void {
  const quantities = Object.fromEntries(readCart(c).map((line) => [line.product.id, line.quantity]));
  if (!findProduct(productId)) return;
  quantities[productId] = Math.min(MAX_QUANTITY, (quantities[productId] ?? 0) + 1);
  setCookie(c, CART_COOKIE, JSON.stringify(quantities), { path: '/', sameSite: 'Lax', httpOnly: true });
}

/** Empties the cart (after checkout). */
export function clearCart(c: Context): void {
  setCookie(c, CART_COOKIE, '{}', { path: '/', sameSite: 'Lax', httpOnly: true, maxAge: 0 });
}
