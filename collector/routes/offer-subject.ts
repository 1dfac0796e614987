import type { Subject } from '../http/api-routes';
import { findOffer, type OfferWithLinks } from '../store/offer.repository';

/**
 * The offer a path code (its id or short_url_code) names, whose site is then the call's: the
 * registry refuses it, as a 404 naming the parameter, when it is not on the site the call names.
 */
export function offerSubject(param: string): Subject<OfferWithLinks> {
  return {
    param,
    what: 'offer',
    find: async (services, code) => {
      const found = await findOffer(services.db, code);
      const site = found && services.sites.byId(found.offer.site_id);
      return found && site ? { site, value: found } : undefined;
    },
  };
}
