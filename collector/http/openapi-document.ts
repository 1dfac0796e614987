import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import type { Access, Operation } from './api-routes';
import { ERROR_CODE_JSON_SCHEMA } from './api-error';
import { isReverbPath, REVERB_ERROR_SCHEMA } from './reverb-envelope';

type JsonSchema = Record<string, unknown>;

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['ok', 'error_message', 'errors', 'code'],
  properties: {
    ok: { const: false },
    error_message: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
    code: ERROR_CODE_JSON_SCHEMA,
  },
};

const SECRET = [{ apiKey: [] }, { basic: [] }, { bearer: [] }];
const SECURITY: Record<Access, unknown[]> = { secret: SECRET, public: [], 'public or secret': [{}, ...SECRET], consumer: [{ consumer: [] }] };

function schemaOf(schema: v.GenericSchema): JsonSchema {
  const json = toJsonSchema(schema, { target: 'draft-2020-12', typeMode: 'input', errorMode: 'ignore' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** The OpenAPI 3.1 document, generated from the very valibot schemas the routes validate with. */
export function openApiDocument(operations: readonly Operation[], serverUrl: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    const path = operation.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const paramSchemas = (operation.params ? (schemaOf(operation.params).properties ?? {}) : {}) as Record<string, JsonSchema>;
    const pathParameters = [...operation.path.matchAll(/:([A-Za-z_]+)/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: paramSchemas[match[1]!] ?? { type: 'string' },
    }));
    const queryParameters = operation.query ? queryParametersOf(schemaOf(operation.query)) : [];
    const reverb = isReverbPath(operation.path);
    paths[path] ??= {};
    paths[path][operation.method] = {
      summary: operation.summary,
      tags: [operation.tag],
      security: SECURITY[operation.access],
      parameters: [...pathParameters, ...queryParameters],
      ...(operation.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(operation.body) } } } }
        : {}),
      responses: {
        [String(operation.successStatus ?? 200)]: {
          description: reverb ? 'Success: `{"response": {"code": "200", "message", "data": {...}}}`' : 'Success: `{"ok": true, "result": {...}}`',
        },
        '4XX': {
          description: 'The request was refused; `errors` names each bad field and the code says why.',
          content: { 'application/json': { schema: reverb ? REVERB_ERROR_SCHEMA : ERROR_SCHEMA } },
        },
        '503': {
          description: 'The database was out of reach (code `store_unavailable`); send the request again after `Retry-After`.',
          content: { 'application/json': { schema: reverb ? REVERB_ERROR_SCHEMA : ERROR_SCHEMA } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vouch collector API',
      version: '1',
      description: 'Referral program API in Talkable API v2 shapes, and referral records in Reverb API v1 shapes under /api/v1. Errors: 400 missing parameter, 401 wrong key, 403 refused origin or share key, 404 unknown item, 409 conflict, 413 body too large, 422 invalid value, 429 too many requests; every error carries a stable code (`code`, under /api/v1 `error_code`).',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'query', name: 'api_key' },
        basic: { type: 'http', scheme: 'basic', description: 'The api_key as user name, empty password.' },
        bearer: { type: 'http', scheme: 'bearer' },
        consumer: { type: 'http', scheme: 'basic', description: 'Reverb-shaped /api/v1: the site consumer_key as user name, consumer_secret as password.' },
      },
    },
    paths,
  };
}

function queryParametersOf(schema: JsonSchema): unknown[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({ name, in: 'query', required: required.has(name), schema: property }));
}
