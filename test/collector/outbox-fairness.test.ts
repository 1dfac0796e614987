import { afterEach, describe, expect, it } from 'vitest';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { followClaimLink } from '../support/claim-link';
import { FAST_OUTBOX, webhookSite } from '../support/referrals';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

/** How many web hooks wait for the hung receiver: three times the outbox's default batch of old. */
const PENDING_FOR_HUNG_SITE = 30;
/** What "at once" means for another site's web hook and mail, on a loaded 2-core machine. */
/** Prompt: well under the 10 s a hung receiver holds each request it takes, even on a busy test machine. */
const PROMPT_IN_MS = 5000;

let collector: TestCollector | undefined;
let hung: WebhookReceiver | undefined;
let healthy: WebhookReceiver | undefined;
let inbox: SmtpInbox | undefined;
afterEach(async () => {
  // The hung receiver goes first: its open requests then fail at once instead of holding close().
  await hung?.close();
  await collector?.cleanup();
  await healthy?.close();
  await inbox?.down();
});

describe('one site with a hung web hook receiver does not hold up the others', () => {
  it("delivers another site's web hook and invite mail within seconds while 30 web hooks hang", async () => {
    hung = await startWebhookReceiver();
    hung.neverAnswer();
    healthy = await startWebhookReceiver();
    inbox = await startSmtpInbox();
    const other = { slug: 'other-shop', apiKey: 'sk_test_other_shop_key_0123456789' };
    collector = await startCollector({
      // One advocate's link used by thirty friends in a minute: a burst the velocity and leaked-link
      // rules would flag, turned off here (this test is of the outbox).
      site: { ...webhookSite(hung.url), fraud: { signals: { advocate_referrals_per_hour: { enabled: false }, advocate_referrals_per_day: { enabled: false }, leaked_link: { enabled: false } } } },
      extraSites: [
        {
          site_slug: other.slug,
          name: 'Other Shop',
          api_key: other.apiKey,
          allowed_hosts: ['other.example'],
          destination_url: 'https://other.example/',
          show_claim_page: false,
          smtp_url: inbox.url,
          mail_from: 'hello@other.example',
          ...webhookSite(healthy.url),
        },
      ],
      outbox: FAST_OUTBOX,
      publicRateLimits: false,
    });
    const site = collector;

    // Thirty referrals of the hung site, approved together: thirty web hooks due at once.
    const advocate = await site.post('/api/v2/origins', purchase(site, { email: 'ann@example.com', order_number: 'A-ADV', subtotal: 40 }));
    const orders: string[] = [];
    for (let n = 0; n < PENDING_FOR_HUNG_SITE; n++) {
      const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
      const friend = await site.post('/api/v2/origins', purchase(site, { email: `f${n}@example.com`, order_number: `A-${n}`, subtotal: 20, uuid }));
      expect(friend.body.result.referral.status).toBe('pending');
      orders.push(`A-${n}`);
    }
    const approvals = await Promise.all(
      orders.map((order) => site.put(`/api/v2/origins/${order}/referral`, { api_key: site.apiKey, site_slug: site.siteSlug, data: { status: 'approved' } })),
    );
    expect(approvals.map((answer) => answer.status)).toEqual(Array(PENDING_FOR_HUNG_SITE).fill(200));
    await hung.waitForRequests(1);

    // Now the other site: a referral approved, and an invite by email.
    const asOther = { siteSlug: other.slug, apiKey: other.apiKey };
    const otherAdvocate = await site.post('/api/v2/origins', purchase(asOther, { email: 'oona@example.com', order_number: 'B-ADV', subtotal: 40 }));
    const { uuid } = await followClaimLink(otherAdvocate.body.result.offer.claim_url);
    await site.post('/api/v2/origins', purchase(asOther, { email: 'bo@example.com', order_number: 'B-1', subtotal: 20, uuid }));
    const approvedAt = Date.now();
    const approval = await site.put('/api/v2/origins/B-1/referral', { api_key: other.apiKey, site_slug: other.slug, data: { status: 'approved' } });
    expect(approval.status).toBe(200);
    const sharedAt = Date.now();
    const { short_url_code: code, share_key } = otherAdvocate.body.result.offer;
    const share = await site.post(`/api/v2/offers/${code}/shares/email`, { site_slug: other.slug, recipients: 'cy@example.com', share_key });
    expect(share.status).toBe(201);

    const [hook] = await healthy.waitForDelivered(1, PROMPT_IN_MS);
    expect(hook!.receivedAt - approvedAt).toBeLessThan(PROMPT_IN_MS);
    const mail = await inbox.waitForMessageTo('cy@example.com', PROMPT_IN_MS);
    expect(mail.receivedAt - sharedAt).toBeLessThan(PROMPT_IN_MS);
    console.log(`outbox fairness: other site's web hook after ${hook!.receivedAt - approvedAt} ms, invite after ${mail.receivedAt - sharedAt} ms, ${hung.received.length} requests held by the hung receiver`);

    // The hung receiver holds a small share of the attempts, not the whole worker.
    expect(hung.received.length).toBeLessThanOrEqual(3);
  }, 30_000);
});
