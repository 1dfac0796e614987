import { randomUUID } from 'node:crypto';
import type { ApiRoutes } from '../http/api-routes';
import { CreateVisitorBody } from '../schemas/person.schema';

/**
 * POST /api/v2/visitors: Talkable's call for a merchant's server that makes the visitor uuid
 * itself (secret key only). Vouch keeps no visitor rows: a visitor is the uuid its claims and
 * origins carry, so the call checks the uuid (or makes one) and answers it; nothing is stored,
 * and the uuid ties a visitor to an advocate only once a claim link is followed with it.
 */
export function registerVisitorRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'post',
      path: '/api/v2/visitors',
      summary:
        "Answer a visitor uuid for the merchant's server to set as the visitor's vouch_uuid: data.uuid when given (a uuid), else a new one. Nothing is stored: the uuid ties the visitor to an advocate only when a claim link is followed with it, and a purchase carrying it is the merchant's word only when the merchant's server reports it.",
      tag: 'Visitors',
      access: 'secret',
      body: CreateVisitorBody,
    },
    (c, { body }) => c.json({ ok: true, result: { uuid: body.data.uuid ?? randomUUID() } }),
  );
}
