import type { Hono } from 'hono';
import { ApiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import { enforcePublicRateLimit, lookUpByCode } from '../http/rate-limit';
import { sendPage, sendTooManyClicksPage } from '../http/send-page';
import { linkNotFoundPage } from '../pages/claim-page';
import { offerPage } from '../pages/offer-page';
import { isShareKeyOf } from '../signing/offer-share-key';
import { findOffer, type OfferWithLinks } from '../store/offer.repository';
import { offerCampaignSettings } from '../config/site-campaigns';

const CODE_PATTERN = /^[A-Za-z0-9]{4,32}$/;

/** GET /o/:short_url_code — the offer's show_url: a page where the advocate shares their offer. */
export function registerOfferPageRoutes(app: Hono<AppEnv>): void {
  app.get('/o/:code', async (c) => {
    const { services } = c.var;
    const code = c.req.param('code');
    let found: OfferWithLinks | undefined;
    let site;
    try {
      site = await lookUpByCode(c, async () => {
        found = CODE_PATTERN.test(code) ? await findOffer(services.db, code) : undefined;
        return found && found.offer.short_url_code === code ? services.sites.byId(found.offer.site_id) : undefined;
      });
      if (site) await enforcePublicRateLimit(c);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return sendTooManyClicksPage(c, error);
    }
    const offer = found as OfferWithLinks | undefined;
    if (!site || !offer) return sendPage(c, linkNotFoundPage(), 404);
    // The show_url made for the advocate carries the share key; a wrong one is dropped, not answered.
    const given = c.req.query('share_key');
    const shareKey = given && /^[0-9a-f]{32}$/i.test(given) && isShareKeyOf(site.api_key, offer.offer.id, given) ? given.toLowerCase() : undefined;
    // The page shows the rewards of the offer's campaign.
    return sendPage(c, offerPage(offerCampaignSettings(site, offer.offer), code, services.publicPath, shareKey), 200);
  });
}
