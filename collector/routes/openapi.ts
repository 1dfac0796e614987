import type { Hono } from 'hono';
import type { ApiRoutes } from '../http/api-routes';
import type { AppEnv } from '../http/app-env';
import { openApiDocument } from '../http/openapi-document';

/** GET /api/openapi.json — the API description, for merchants' client generators. */
export function registerOpenApiRoute(app: Hono<AppEnv>, api: ApiRoutes): void {
  app.get('/api/openapi.json', (c) => c.json(openApiDocument(api.operations, c.var.services.publicUrl)));
}
