import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import * as v from 'valibot';
import { UUID_PATTERN, VISITOR_UUID_NAME } from '../collector/contract/visitor-uuid';
// The shop signs as any merchant's server would; the demo borrows the collector's own scheme to do it.
import { purchaseSignatureMessageV2, SIGNATURE_V2_PREFIX, signPurchase } from '../collector/signing/purchase-signature';
import { addToCart, clearCart, readCart } from './cart';
import { checkCoupon } from './coupon-check';
import { refuseCrossSiteRequests } from './cross-site-guard';
import type { MailSink } from './mail-sink';
import { OrderBook } from './orders';
import { inboxBody, messageBody } from './pages/inbox-pages';
import { page, type DemoPage } from './pages/layout';
import { type ConsoleSignIn, merchantBody } from './pages/merchant-pages';
import { cartBody, checkoutBody, confirmationBody, homeBody, type CheckoutForm } from './pages/shop-pages';
import { verifyWebhook, WebhookInbox } from './webhook-inbox';

export interface ShopOptions {
  /** The demo site's public slug, as the widget's snippet carries it. */
  siteSlug: string;
  /** How browsers reach the shop (behind a proxy, not the address its server listens on): its forms post from there. */
  shopUrl?: string;
  /** How browsers reach the collector (for the widget's script tag). */
  collectorPublicUrl: string;
  /** Where this server reaches the collector itself (its own address); the public URL unless given. */
  collectorServerUrl?: string;
  webhookSecrets: readonly string[];
  /** The friend's discount, as the site's friend reward says. */
  friendDiscount: number;
  mailSink: MailSink | null;
  apiKey: string;
  /** The merchant console the merchant corner links to, and who signs in (the password only for the demo's own owner). */
  console: ConsoleSignIn;
}

const FRIEND_COUPON_COOKIE = 'demo_friend_coupon';
const ONE_YEAR_IN_SECONDS = 365 * 24 * 3600;

const CheckoutSchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'Please enter your name.'), v.maxLength(100, 'That name is too long.')),
  email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email('Please enter a valid email address.'), v.maxLength(254)),
  coupon: v.pipe(v.string(), v.trim(), v.toUpperCase(), v.maxLength(40, 'That code is too long.')),
});

/** The demo shop: catalogue, cart, checkout with the merchant's snippet, merchant corner, inbox. */
export function createShopApp(options: ShopOptions): { app: Hono; webhooks: WebhookInbox; orders: OrderBook } {
  const app = new Hono();
  app.use(refuseCrossSiteRequests(options.shopUrl && new URL(options.shopUrl).origin));
  const orders = new OrderBook();
  const webhooks = new WebhookInbox();
  const collectorOrigin = new URL(options.collectorPublicUrl).origin;
  const send = (c: Context, title: string, body: string, scripts?: string[]) => html(c, page({ title, body, collectorOrigin, scripts }));

  app.get('/', (c) => send(c, 'Shop', homeBody(getCookie(c, FRIEND_COUPON_COOKIE) ?? null, c.req.query('flash') ?? null)));

  // Where the claim sends the friend: keep the uuid in a first-party cookie set by the server
  // (not capped to 7 days by Safari, unlike script-written cookies) and the coupon for checkout.
  app.get('/welcome', (c) => {
    const uuid = c.req.query(VISITOR_UUID_NAME);
    const coupon = c.req.query('coupon');
    if (uuid && UUID_PATTERN.test(uuid)) setCookie(c, VISITOR_UUID_NAME, uuid.toLowerCase(), { path: '/', sameSite: 'Lax', maxAge: ONE_YEAR_IN_SECONDS });
    if (coupon && /^[A-Z0-9-]{4,40}$/.test(coupon)) setCookie(c, FRIEND_COUPON_COOKIE, coupon, { path: '/', sameSite: 'Lax', httpOnly: true });
    return send(c, 'Welcome', homeBody(coupon ?? null, null), widgetSnippet(options.collectorPublicUrl, options.siteSlug));
  });

  app.post('/cart', async (c) => {
    const form = await c.req.parseBody();
    addToCart(c, String(form.product ?? ''));
    return c.redirect('/cart', 303);
  });
  app.get('/cart', (c) => send(c, 'Cart', cartBody(readCart(c))));

  app.get('/checkout', (c) => {
    const lines = readCart(c);
    if (lines.length === 0) return c.redirect('/cart', 303);
    const coupon = getCookie(c, FRIEND_COUPON_COOKIE) ?? '';
    return send(c, 'Checkout', checkoutBody(lines, { name: '', email: '', coupon, errors: {} }, coupon ? options.friendDiscount : 0));
  });

  app.post('/checkout', async (c) => {
    const lines = readCart(c);
    if (lines.length === 0) return c.redirect('/cart', 303);
    const raw = await c.req.parseBody();
    const input = { name: String(raw.name ?? ''), email: String(raw.email ?? ''), coupon: String(raw.coupon ?? '') };
    const result = v.safeParse(CheckoutSchema, input);
    if (!result.success) {
      const errors: Record<string, string> = {};
      for (const issue of result.issues) errors[String(issue.path?.[0]?.key)] ??= issue.message;
      return send(c, 'Checkout', checkoutBody(lines, { ...input, errors }, input.coupon ? options.friendDiscount : 0));
    }
    const itemsTotal = lines.reduce((sum, line) => sum + line.total, 0);
    // The checkout asks the collector, from this server with the secret key, before it takes a code.
    let discount = 0;
    if (result.output.coupon) {
      const decision = await checkCoupon({ url: options.collectorServerUrl ?? options.collectorPublicUrl, siteSlug: options.siteSlug, apiKey: options.apiKey }, result.output.coupon, result.output.email, itemsTotal);
      if (!decision.applies) return send(c, 'Checkout', checkoutBody(lines, { ...input, errors: { coupon: decision.message } }, 0));
      discount = decision.discount;
    }
    const order = orders.place({
      name: result.output.name,
      email: result.output.email,
      lines,
      itemsTotal,
      discount,
      subtotal: itemsTotal - discount,
      couponCode: result.output.coupon || null,
    });
    clearCart(c);
    setCookie(c, FRIEND_COUPON_COOKIE, '', { path: '/', maxAge: 0 });
    return c.redirect(`/orders/${order.number}`, 303);
  });

  // The confirmation page carries the merchant snippet: the widget reports the purchase, signed
  // here (version 2: the visitor uuid from the shop's own cookie and the coupon are covered too),
  // so the collector can trust it, and shows the offer.
  app.get('/orders/:number', (c) => {
    const order = orders.find(c.req.param('number'));
    if (!order) return c.notFound();
    const remembered = getCookie(c, VISITOR_UUID_NAME)?.toLowerCase();
    const uuid = remembered && UUID_PATTERN.test(remembered) ? remembered : undefined;
    const firstName = order.name.split(' ')[0];
    const message = purchaseSignatureMessageV2({
      siteSlug: options.siteSlug,
      orderNumber: order.number,
      email: order.email,
      subtotal: order.subtotal,
      couponCode: order.couponCode,
      visitorUuid: uuid,
      firstName,
    });
    const signature = `${SIGNATURE_V2_PREFIX}${signPurchase(options.apiKey, message)}`;
    const purchase = {
      email: order.email,
      order_number: order.number,
      subtotal: order.subtotal,
      first_name: firstName,
      coupon_code: order.couponCode ?? undefined,
      uuid,
      signature,
    };
    return send(c, 'Thank you', confirmationBody(order), [
      ...widgetSnippet(options.collectorPublicUrl, options.siteSlug),
      `vouch('purchase', ${JSON.stringify(purchase).replace(/</g, '\\u003c')}, { target: '#vouch-offer' });`,
    ]);
  });

  app.get('/merchant', (c) => send(c, 'Merchant corner', merchantBody(options.console, webhooks.received)));

  // The shop's web hook receiver: verify, then keep (a real shop would credit the rewards here).
  app.post('/webhooks/vouch', async (c) => {
    const body = await c.req.text();
    const problem = verifyWebhook(options.webhookSecrets, {
      id: c.req.header('webhook-id'),
      timestamp: c.req.header('webhook-timestamp'),
      signature: c.req.header('webhook-signature'),
    }, body);
    let payload: unknown = body;
    try {
      const contentType = c.req.header('content-type') ?? '';
      payload = contentType.includes('form') ? JSON.parse(new URLSearchParams(body).get('payload') ?? 'null') : JSON.parse(body);
    } catch {
      // Kept as text: the inbox shows what arrived even when it is not JSON.
    }
    webhooks.record({ id: c.req.header('webhook-id') ?? '(none)', receivedAt: new Date(), verified: problem === null, problem, payload });
    return problem === null ? c.body(null, 204) : c.text(problem, 401);
  });

  app.get('/inbox', (c) => send(c, 'Inbox', inboxBody(options.mailSink?.messages ?? [])));
  app.get('/inbox/:id', (c) => {
    const message = options.mailSink?.find(Number(c.req.param('id')));
    return message ? send(c, message.subject, messageBody(message)) : c.notFound();
  });
  // The HTML part alone, framed by the message page: mail's inline styles, and nothing else may run or load.
  app.get('/inbox/:id/html', (c) => {
    const message = options.mailSink?.find(Number(c.req.param('id')));
    if (!message?.html) return c.notFound();
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'");
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(message.html);
  });

  return { app, webhooks, orders };
}

/** The merchant's snippet, exactly as the README tells merchants to paste it. */
function widgetSnippet(collectorUrl: string, siteSlug: string): string[] {
  return [
    `window.vouch=window.vouch||function(){(vouch.q=vouch.q||[]).push(arguments)}`,
    `<script async src="${collectorUrl}/widget/loader.js" data-site="${siteSlug}"></script>`,
  ];
}

function html(c: Context, demoPage: DemoPage) {
  for (const [name, value] of Object.entries(demoPage.headers)) c.header(name, value);
  return c.html(demoPage.html);
}
