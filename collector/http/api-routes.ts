import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import type { Site } from '../config/site-config.schema';
import { ApiError } from './api-error';
import type { AppEnv, Services } from './app-env';
import { requireConsumerSite } from './consumer-auth';
import { assertSameOrigin, consoleSiteOf, requireConsoleSession, type ConsoleAccess } from './console-session';
import type { ConsoleSession } from '../domain/console-sign-in';
import { lookUpByCode } from './rate-limit';
import { admitPublicCall, requirePublicSite, secretSiteOf, type Access } from './site-access';
import { isMissing, toFieldErrors } from '../config/validation-issues';

type AnySchema = v.GenericSchema<unknown, unknown>;
type Infer<S> = S extends AnySchema ? v.InferOutput<S> : undefined;

export type { Access };

/**
 * The thing an operation acts on when a code in its path names it (an offer): its site is the
 * site of the call, and must be the one the call names.
 */
export interface Subject<T> {
  /** The path parameter holding the code; a 404 names it. */
  param: string;
  /** What it is, for the 404 ("offer"). */
  what: string;
  /** The thing and its site, or undefined when the code names nothing. */
  find: (services: Services, code: string) => Promise<{ site: Site; value: T } | undefined>;
}

/** One API operation: what it takes, who may call it; also its OpenAPI description. */
export interface Operation<
  B extends AnySchema | undefined = AnySchema | undefined,
  Q extends AnySchema | undefined = AnySchema | undefined,
  P extends AnySchema | undefined = AnySchema | undefined,
  T = unknown,
> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Hono path, e.g. "/api/v2/offers/:id". */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  body?: B;
  query?: Q;
  /** The path parameters, validated like the body and query. */
  params?: P;
  /** For operations on a thing a path code names: finds it, and with it the site. */
  subject?: Subject<T>;
  /** Status codes this operation answers besides 4xx validation errors. */
  successStatus?: number;
  /** Also reads application/x-www-form-urlencoded bodies: Reverb's PHP sample posts its JSON under that type. */
  acceptsForm?: boolean;
}

/** What a handler is given: the validated input, and the site whose access the registry checked. */
export interface RouteInput<B, Q, P, T> {
  body: B;
  query: Q;
  params: P;
  /** The site the call acts on. */
  site: Site;
  /** Whether the caller holds the site's secret key (the merchant's own server); false for consumer calls. */
  secret: boolean;
  /** What the operation's subject found (undefined without one). */
  subject: T;
}

/** One route of the merchant console's API (/console/api/*): not in the public OpenAPI document. */
export interface ConsoleOperation<
  Path extends string = string,
  A extends ConsoleAccess = ConsoleAccess,
  B extends AnySchema | undefined = AnySchema | undefined,
  Q extends AnySchema | undefined = AnySchema | undefined,
  P extends AnySchema | undefined = AnySchema | undefined,
> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Hono path under /console/api/; a `:site` parameter names the site, which the user must be allowed to see. */
  path: Path;
  summary: string;
  access: A;
  body?: B;
  query?: Q;
  params?: P;
}

/** What a console handler is given: the validated input, the session (except on sign-in routes) and the site its path names. */
export interface ConsoleRouteInput<Path extends string, A extends ConsoleAccess, B, Q, P> {
  body: B;
  query: Q;
  params: P;
  session: A extends 'console sign-in' ? undefined : ConsoleSession;
  site: Path extends `${string}/:site/${string}` | `${string}/:site` ? Site : undefined;
}

/**
 * Registers routes that check who calls, then validate their path, query and body with
 * valibot, before the handler runs; and remembers each operation so the OpenAPI document is
 * generated from the same schemas.
 */
export class ApiRoutes {
  readonly operations: Operation[] = [];
  readonly consoleOperations: ConsoleOperation[] = [];

  constructor(private readonly app: Hono<AppEnv>) {}

  /** Adds an operation; its handler runs only for a caller the operation's access admits, with valid input. */
  add<B extends AnySchema | undefined = undefined, Q extends AnySchema | undefined = undefined, P extends AnySchema | undefined = undefined, T = undefined>(
    operation: Operation<B, Q, P, T>,
    handler: (c: Context<AppEnv>, input: RouteInput<Infer<B>, Infer<Q>, Infer<P>, T>) => Response | Promise<Response>,
  ): void {
    this.operations.push(operation as Operation);
    this.app.on(operation.method.toUpperCase(), operation.path, async (c) => {
      // Consumer credentials are headers: checked before anything of the request is read.
      const consumerSite = operation.access === 'consumer' ? requireConsumerSite(c) : undefined;
      const rawParams = c.req.param();
      const rawQuery = c.req.query();
      const rawBody = operation.body ? await readJsonBody(c, operation.acceptsForm ?? false) : undefined;
      // A caller with a key is checked before its input is, so one without the right key learns
      // nothing from validation errors (a slug holding unstorable text names no site: a 401 too).
      const secretSite = consumerSite ? undefined : secretSiteOf(c, operation.access, operation.body ? rawBody : rawQuery);
      refuseUnstorableText(rawParams, '');
      refuseUnstorableText(rawQuery, '');
      refuseUnstorableText(rawBody, '');
      const params = operation.params ? parse(operation.params, rawParams, 'path') : undefined;
      const body = operation.body ? parse(operation.body, rawBody, 'body') : undefined;
      const query = operation.query ? parse(operation.query, rawQuery, 'query') : undefined;
      const siteSlug = ((operation.body ? body : query) as { site_slug?: string } | undefined)?.site_slug;

      let site = consumerSite ?? secretSite;
      let subject: unknown;
      if (operation.subject) {
        const found = await findSubject(c, operation.subject, (params as Record<string, string>)[operation.subject.param] ?? '', siteSlug, secretSite);
        site = found.site;
        subject = found.value;
      } else {
        site ??= await requirePublicSite(c, siteSlug);
      }
      return handler(c, { body, query, params, site, secret: secretSite !== undefined, subject } as RouteInput<Infer<B>, Infer<Q>, Infer<P>, T>);
    });
  }

  /**
   * Adds a console operation. Before any input is read: a state-changing call from another
   * origin is refused (403), then a call without a live session (401) or a reviewer on an owner
   * route (403), then a site the user may not see (404); the input is validated after.
   */
  addConsole<Path extends string, A extends ConsoleAccess, B extends AnySchema | undefined = undefined, Q extends AnySchema | undefined = undefined, P extends AnySchema | undefined = undefined>(
    operation: ConsoleOperation<Path, A, B, Q, P>,
    handler: (c: Context<AppEnv>, input: ConsoleRouteInput<Path, A, Infer<B>, Infer<Q>, Infer<P>>) => Response | Promise<Response>,
  ): void {
    this.consoleOperations.push(operation as ConsoleOperation);
    this.app.on(operation.method.toUpperCase(), operation.path, async (c) => {
      assertSameOrigin(c);
      const session = operation.access === 'console sign-in' ? undefined : await requireConsoleSession(c, operation.access as Exclude<ConsoleAccess, 'console sign-in'>);
      const rawParams = c.req.param() as Record<string, string>;
      const site = session && rawParams.site !== undefined ? consoleSiteOf(c, session, rawParams.site) : undefined;
      const rawQuery = c.req.query();
      const rawBody = operation.body ? await readJsonBody(c, false) : undefined;
      refuseUnstorableText(rawParams, '');
      refuseUnstorableText(rawQuery, '');
      refuseUnstorableText(rawBody, '');
      const params = operation.params ? parse(operation.params, rawParams, 'path') : undefined;
      const body = operation.body ? parse(operation.body, rawBody, 'body') : undefined;
      const query = operation.query ? parse(operation.query, rawQuery, 'query') : undefined;
      return handler(c, { body, query, params, session, site } as ConsoleRouteInput<Path, A, Infer<B>, Infer<Q>, Infer<P>>);
    });
  }
}

/**
 * The thing a path code names, on the site the call names (and, with the secret key, the key's
 * site). A browser's misses count against its miss limit, and its hit is then admitted as a
 * public call of that site; the secret key's holder is the merchant's own server, not limited.
 */
async function findSubject<T>(c: Context<AppEnv>, subject: Subject<T>, code: string, siteSlug: string | undefined, secretSite: Site | undefined) {
  const lookUp = async () => {
    const found = await subject.find(c.var.services, code);
    const matches = found && (siteSlug === undefined || found.site.site_slug === siteSlug) && (!secretSite || secretSite === found.site);
    return matches ? found : undefined;
  };
  const found = secretSite ? await lookUp() : await lookUpByCode(c, lookUp);
  if (!found) throw ApiError.notFound(subject.param, subject.what);
  if (!secretSite) await admitPublicCall(c, found.site);
  return found;
}

function parse(schema: AnySchema, input: unknown, where: 'body' | 'query' | 'path'): unknown {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return result.output;
  const errors = toFieldErrors(result.issues);
  const missing = result.issues.some(isMissing);
  const first = errors[0]!;
  const message = `${where === 'query' ? 'query parameter ' : where === 'path' ? 'path parameter ' : ''}${first.field} ${first.message}`;
  throw new ApiError(missing ? 400 : 422, missing ? 'missing_field' : 'invalid_field', message, errors);
}

/**
 * Text no column can store faithfully, refused in every string (and key) of every input, for
 * every schema at once, naming the field, before any query runs. NUL characters are valid JSON
 * but PostgreSQL refuses them. A lone surrogate (`"\\ud800"`) is valid JSON but not Unicode:
 * the store would write it as U+FFFD, so two different order numbers could become one.
 */
function refuseUnstorableText(root: unknown, rootPath: string): void {
  // Iterative on purpose: a hostile body may nest 20,000 levels deep.
  const pending: [unknown, string][] = [[root, rootPath]];
  while (pending.length > 0) {
    const [value, path] = pending.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) throw ApiError.invalid(path || 'body', `must not contain ${problem}`);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const problem = textProblem(key);
        if (problem) throw ApiError.invalid(path || 'body', `must not contain ${problem} in a key`);
        pending.push([item, path ? `${path}.${key}` : key]);
      }
    }
  }
}

/**
 * A surrogate code point on its own. In a `u` regex a valid pair is one code point (not in Cs),
 * so this is String.prototype.isWellFormed, which the ES2023 library types lack.
 */
const LONE_SURROGATE = /\p{Cs}/u;

/** What is wrong with a string for the store, or undefined when nothing is. */
function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'NUL characters';
  if (LONE_SURROGATE.test(text)) return 'text that is not well-formed Unicode (a lone surrogate)';
  return undefined;
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
    throw new ApiError(415, 'invalid_body', 'the body must be JSON (Content-Type: application/json)', [
      { field: 'content-type', message: `must be application/json, not ${type}` },
    ]);
  }
  const text = decodeUtf8(await c.req.arrayBuffer());
  if (text.trim() === '') return {};
  if (isForm && !/^\s*[{[]/.test(text)) return parseFormFields(text);
  try {
    return JSON.parse(text);
  } catch {
    // The parser's own message leaks positions only; a clear field-level answer is more useful.
    throw new ApiError(400, 'invalid_body', 'the body is not valid JSON', [{ field: 'body', message: 'is not valid JSON' }]);
  }
}

/**
 * The body's text, refusing bytes that are not UTF-8: decoding them leniently would store
 * U+FFFD in place of what the sender meant (in an email address, say) without telling anyone.
 */
function decodeUtf8(bytes: ArrayBuffer | Uint8Array, field = 'body'): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const what = field === 'body' ? 'the body' : field;
    throw new ApiError(400, 'invalid_body', `${what} is not valid UTF-8`, [{ field, message: 'is not valid UTF-8' }]);
  }
}

/**
 * Form fields as URLSearchParams reads them (`+` is a space, the last of a repeated name wins,
 * a `%` that escapes nothing stays), except that escapes which are not UTF-8 (`%E9`) are refused
 * naming the field, where URLSearchParams would quietly make them U+FFFD.
 */
function parseFormFields(text: string): Record<string, string> {
  const decode = (raw: string, field: string) => decodeUtf8(percentDecodedBytes(raw.replaceAll('+', ' ')), field);
  const fields = text
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair): [string, string] => {
      const equals = pair.indexOf('=');
      const name = decode(equals === -1 ? pair : pair.slice(0, equals), 'body');
      return [name, decode(equals === -1 ? '' : pair.slice(equals + 1), name)];
    });
  // fromEntries defines own properties: a field named __proto__ stays a field.
  return Object.fromEntries(fields);
}

/** The bytes a form value stands for: each `%XX` one byte, the text between as its UTF-8. */
function percentDecodedBytes(raw: string): Buffer {
  // split() with a capture group keeps the escapes, at the odd positions.
  const parts = raw.split(/(%[0-9a-fA-F]{2})/);
  return Buffer.concat(parts.map((part, index) => (index % 2 === 1 ? Buffer.from([Number.parseInt(part.slice(1), 16)]) : Buffer.from(part, 'utf8'))));
}
