import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { followClaimLink } from '../../test/support/claim-link';
import { purchase, type TestCollector } from '../../test/support/collector';
import { freshCollectorTest } from '../../test/support/collector-fixture';
import { attribute, attributeFriend } from './attribution';

const it = freshCollectorTest();

/** An advocate's purchase; answers their offer's code, claim link, share key and friend coupon. */
async function advocate(collector: TestCollector, email: string) {
  const answer = await collector.post('/api/v2/origins', purchase(collector, { email, order_number: `ADV-${email}`, subtotal: 30 }));
  const offer = answer.body.result.offer;
  const row = await collector.running.services.db.selectFrom('offers').select(['id', 'friend_coupon_code']).where('short_url_code', '=', offer.short_url_code).executeTakeFirstOrThrow();
  return { id: row.id, code: offer.short_url_code as string, claimUrl: offer.claim_url as string, shareKey: offer.share_key as string, coupon: row.friend_coupon_code };
}

const siteId = (collector: TestCollector) => collector.running.services.sites.bySlug(collector.siteSlug)!.id;

describe('which advocate a friend is credited to', () => {
  it("credits the advocate of the visitor's most recent claim when the visitor followed two links", async ({ collector }) => {
    const ann = await advocate(collector, 'ann@example.com');
    const cy = await advocate(collector, 'cy@example.com');
    const first = await followClaimLink(ann.claimUrl);
    await followClaimLink(cy.claimUrl, { cookie: first.cookie });
    const found = await attribute(collector.running.services.db, siteId(collector), { visitor_uuid: first.uuid, coupon_code: null, verified: true });
    expect(found).toMatchObject({ advocateOffer: { id: cy.id }, by: 'uuid', claim: { offer_id: cy.id, visitor_uuid: first.uuid } });
  });

  it("goes by the visitor uuid before the friend coupon typed at checkout", async ({ collector }) => {
    const ann = await advocate(collector, 'ann@example.com');
    const cy = await advocate(collector, 'cy@example.com');
    const visit = await followClaimLink(cy.claimUrl);
    const found = await attribute(collector.running.services.db, siteId(collector), { visitor_uuid: visit.uuid, coupon_code: ann.coupon, verified: true });
    expect(found).toMatchObject({ advocateOffer: { id: cy.id }, by: 'uuid' });
  });

  it('falls back to the friend coupon when the uuid belongs to no claim', async ({ collector }) => {
    const ann = await advocate(collector, 'ann@example.com');
    const found = await attribute(collector.running.services.db, siteId(collector), { visitor_uuid: randomUUID(), coupon_code: ann.coupon, verified: false });
    expect(found).toMatchObject({ advocateOffer: { id: ann.id }, by: 'coupon', claim: null, verified: false });
  });

  it('credits nobody for a uuid and a coupon that name no advocate', async ({ collector }) => {
    await advocate(collector, 'ann@example.com');
    expect(await attribute(collector.running.services.db, siteId(collector), { visitor_uuid: randomUUID(), coupon_code: 'NO-SUCH-CODE', verified: true })).toBeUndefined();
  });

  it("credits the advocate who invited the friend's email last of all: a uuid or coupon wins over the invite", async ({ collector }) => {
    const ann = await advocate(collector, 'ann@example.com');
    const cy = await advocate(collector, 'cy@example.com');
    const invite = await collector.post(`/api/v2/offers/${ann.code}/shares/email`, { site_slug: collector.siteSlug, share_key: ann.shareKey, recipients: 'bob@example.com' });
    expect(invite.status).toBe(201);
    // Bob buys on another device: neither uuid nor coupon, so the invite is all that ties him to Ann.
    const bought = await collector.post('/api/v2/origins', purchase(collector, { email: 'bob@example.com', order_number: 'B-1', subtotal: 20 }));
    expect(bought.body.result.referral).toMatchObject({ attributed_by: 'email', advocate_offer: { short_url_code: ann.code } });
    const { db } = collector.running.services;
    const origin = await db.selectFrom('origins').selectAll().where('order_number', '=', 'B-1').executeTakeFirstOrThrow();
    expect(await attributeFriend(db, origin)).toMatchObject({ advocateOffer: { id: ann.id }, by: 'email', verified: true });
    const cyVisit = await followClaimLink(cy.claimUrl);
    const byUuid = await attributeFriend(db, origin, [{ visitor_uuid: cyVisit.uuid, coupon_code: null, verified: true }]);
    expect(byUuid).toMatchObject({ advocateOffer: { id: cy.id }, by: 'uuid' });
    const byCoupon = await attributeFriend(db, origin, [{ visitor_uuid: null, coupon_code: cy.coupon, verified: true }]);
    expect(byCoupon).toMatchObject({ advocateOffer: { id: cy.id }, by: 'coupon' });
  });
});
