import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import { ApiError } from './api-error';
import type { AppEnv } from './app-env';
import { isMissing, toFieldErrors } from './validation-issues';

type AnySchema = v.GenericSchema<unknown, unknown>;
type Infer<S> = S extends AnySchema ? v.InferOutput<S> : undefined;

/**
 * Who may call an operation: anyone with the site slug, only holders of the secret key, or
 * (the Reverb-shaped /api/v1) holders of the site's consumer key and secret.
 */
export type Access = 'public' | 'secret' | 'public or secret' | 'consumer';

/** One API operation: what it takes, who may call it; also its OpenAPI description. */
export interface Operation<B extends AnySchema | undefined = AnySchema | undefined, Q extends AnySchema | undefined = AnySchema | undefined> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Hono path, e.g. "/api/v2/offers/:id". */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  body?: B;
  query?: Q;
  /** Status codes this operation answers besides 4xx validation errors. */
  successStatus?: number;
  /** Runs before the input is read, so an unauthenticated caller learns nothing from validation errors. */
  guard?: (c: Context<AppEnv>) => void;
  /** Also reads application/x-www-form-urlencoded bodies: Reverb's PHP sample posts its JSON under that type. */
  acceptsForm?: boolean;
}

export interface ValidatedInput<B, Q> {
  body: B;
  query: Q;
}

/**
 * Registers routes that validate their body and query with valibot before the handler runs,
 * and remembers each operation so the OpenAPI document is generated from the same schemas.
 */
export class ApiRoutes {
  readonly operations: Operation[] = [];

  constructor(private readonly app: Hono<AppEnv>) {}

  add<B extends AnySchema | undefined = undefined, Q extends AnySchema | undefined = undefined>(
    operation: Operation<B, Q>,
    handler: (c: Context<AppEnv>, input: ValidatedInput<Infer<B>, Infer<Q>>) => Response | Promise<Response>,
  ): void {
    this.operations.push(operation as Operation);
    this.app.on(operation.method.toUpperCase(), operation.path, async (c) => {
      operation.guard?.(c);
      refuseNulCharacters(c.req.param(), '');
      const rawQuery = c.req.query();
      refuseNulCharacters(rawQuery, '');
      const rawBody = operation.body ? await readJsonBody(c, operation.acceptsForm ?? false) : undefined;
      refuseNulCharacters(rawBody, '');
      const body = operation.body ? parse(operation.body, rawBody, 'body') : undefined;
      const query = operation.query ? parse(operation.query, rawQuery, 'query') : undefined;
      return handler(c, { body: body as Infer<B>, query: query as Infer<Q> });
    });
  }
}

function parse(schema: AnySchema, input: unknown, where: 'body' | 'query'): unknown {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return result.output;
  const errors = toFieldErrors(result.issues);
  const missing = result.issues.some(isMissing);
  const first = errors[0]!;
  const message = `${where === 'query' ? 'query parameter ' : ''}${first.field} ${first.message}`;
  throw new ApiError(missing ? 400 : 422, message, errors);
}

/**
 * NUL characters are valid JSON but no text column can store them (PostgreSQL refuses them):
 * answer them as the invalid input they are, naming the field, before any query runs.
 */
function refuseNulCharacters(root: unknown, rootPath: string): void {
  // Iterative on purpose: a hostile body may nest 20,000 levels deep.
  const pending: [unknown, string][] = [[root, rootPath]];
  while (pending.length > 0) {
    const [value, path] = pending.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) throw ApiError.invalid(path || 'body', 'must not contain NUL characters');
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000')) throw ApiError.invalid(path || 'body', 'must not contain NUL characters in a key');
        pending.push([item, path ? `${path}.${key}` : key]);
      }
    }
  }
}

const JSON_TYPES = ['application/json', 'text/plain'];
const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * Reads a JSON body. text/plain is accepted too: the widget sends JSON that way so that
 * browsers make no CORS preflight round trip. With acceptsForm, a form body is read as JSON
 * when it is JSON (curl's default type for -d), else as form fields.
 */
async function readJsonBody(c: Context<AppEnv>, acceptsForm: boolean): Promise<unknown> {
  const type = (c.req.header('content-type') ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  const isForm = acceptsForm && type === FORM_TYPE;
  if (!JSON_TYPES.includes(type) && !isForm) {
    throw new ApiError(415, 'the body must be JSON (Content-Type: application/json)', [
      { field: 'content-type', message: `must be application/json, not ${type}` },
    ]);
  }
  const text = await c.req.text();
  if (text.trim() === '') return {};
  if (isForm && !/^\s*[{[]/.test(text)) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    // The parser's own message leaks positions only; a clear field-level answer is more useful.
    throw new ApiError(400, 'the body is not valid JSON', [{ field: 'body', message: 'is not valid JSON' }]);
  }
}
