import { describe, expect, it } from 'vitest';
import { checkPurchaseSignature, purchaseSignatureMessage, purchaseSignatureMessageV2, signPurchase, type SignedPurchaseFields } from './purchase-signature';

const API_KEY = 'sk_test_known_answer';
const FIELDS: SignedPurchaseFields = {
  siteSlug: 'test-shop',
  orderNumber: 'A-1001',
  email: ' Ann@Example.com ',
  subtotal: 10.5,
  customerId: '77',
  couponCode: 'WELCOME-AAA',
  visitorUuid: '0F8FAD5B-D9CB-469F-A165-70867728950E',
  firstName: 'Ann',
  lastName: 'Advocate',
};
/** HMAC-SHA256 of the message below with API_KEY, computed with openssl: what a merchant's server in any language must produce. */
const KNOWN_V2_SIGNATURE = '3bc5c5c16d874e686bda09c8d41f04ae81419fceab2aac74d10d82d51c43dd06';

describe('the version 2 purchase signature', () => {
  it('signs one name=value line per field, email trimmed and lower-cased, uuid lower-cased', () => {
    expect(purchaseSignatureMessageV2(FIELDS)).toBe(
      [
        'vouch-purchase-v2',
        'site_slug=test-shop',
        'order_number=A-1001',
        'email=ann@example.com',
        'subtotal=10.5',
        'customer_id=77',
        'coupon_code=WELCOME-AAA',
        'uuid=0f8fad5b-d9cb-469f-a165-70867728950e',
        'first_name=Ann',
        'last_name=Advocate',
      ].join('\n'),
    );
  });

  it('matches the pinned known-answer signature', () => {
    expect(signPurchase(API_KEY, purchaseSignatureMessageV2(FIELDS))).toBe(KNOWN_V2_SIGNATURE);
  });

  it('leaves absent fields empty and writes the subtotal as the shortest decimal that reads back the same', () => {
    const message = purchaseSignatureMessageV2({ siteSlug: 's', orderNumber: '1', email: 'a@b.co', subtotal: 10.004 });
    expect(message).toContain('\nsubtotal=10.004\ncustomer_id=\ncoupon_code=\nuuid=\nfirst_name=\nlast_name=');
    expect(purchaseSignatureMessageV2({ siteSlug: 's', orderNumber: '1', email: 'a@b.co', subtotal: 10 })).toContain('\nsubtotal=10\n');
  });

  it('is trusted when it matches, whatever the letter case of its hex', () => {
    expect(checkPurchaseSignature(API_KEY, `v2=${KNOWN_V2_SIGNATURE}`, FIELDS)).toBe('trusted_v2');
    expect(checkPurchaseSignature(API_KEY, `V2=${KNOWN_V2_SIGNATURE.toUpperCase()}`, FIELDS)).toBe('trusted_v2');
  });

  it('is invalid once any signed field changes, or under another key', () => {
    const signature = `v2=${KNOWN_V2_SIGNATURE}`;
    for (const change of [{ subtotal: 10.51 }, { couponCode: 'OTHER' }, { visitorUuid: null }, { firstName: 'Mallory' }, { orderNumber: 'A-1002' }]) {
      expect(checkPurchaseSignature(API_KEY, signature, { ...FIELDS, ...change }), JSON.stringify(change)).toBe('invalid');
    }
    expect(checkPurchaseSignature('sk_test_another_key', signature, FIELDS)).toBe('invalid');
  });
});

describe('the version 1 purchase signature', () => {
  const v1 = (fields: SignedPurchaseFields) => signPurchase(API_KEY, purchaseSignatureMessage(fields.siteSlug, fields.orderNumber, fields.email, fields.subtotal));
  const plain: SignedPurchaseFields = { siteSlug: 'test-shop', orderNumber: 'A-1001', email: 'ann@example.com', subtotal: 10.5 };

  it('signs site, order, email and the subtotal with two decimals', () => {
    expect(purchaseSignatureMessage('test-shop', 'A-1001', ' Ann@Example.com', 10.5)).toBe('purchase:test-shop:A-1001:ann@example.com:10.50');
  });

  it('is trusted for a purchase carrying nothing it leaves out', () => {
    expect(checkPurchaseSignature(API_KEY, v1(plain), plain)).toBe('trusted_v1');
  });

  it('is only partly signed when the purchase also carries a customer id, coupon or visitor uuid', () => {
    for (const extra of [{ customerId: '77' }, { couponCode: 'WELCOME-AAA' }, { visitorUuid: '0f8fad5b-d9cb-469f-a165-70867728950e' }]) {
      expect(checkPurchaseSignature(API_KEY, v1(plain), { ...plain, ...extra }), JSON.stringify(extra)).toBe('partly_signed');
    }
  });

  it('is invalid for another subtotal', () => {
    expect(checkPurchaseSignature(API_KEY, v1(plain), { ...plain, subtotal: 10.51 })).toBe('invalid');
  });
});
