import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FieldError } from '../config/validation-issues';
import { REFUSAL_CODES } from '../domain/refusal';

export type { FieldError };

/**
 * Every stable reason the HTTP layer refuses for (the domain's own are REFUSAL_CODES), answered
 * to clients as the error's code.
 */
export const API_ERROR_CODES = [
  /** A required field or parameter is absent (400). */
  'missing_field',
  /** A field or parameter has a value the API does not take (422). */
  'invalid_field',
  /** The body is not JSON, not UTF-8, not of a JSON type, or did not arrive whole. */
  'invalid_body',
  /** The body is larger than the API reads (413). */
  'body_too_large',
  /** No secret key, or not this site's (401); on /api/v1, no or wrong consumer key and secret. */
  'unauthorized',
  /** A browser call from a page not on one of the site's allowed hosts (403). */
  'origin_not_allowed',
  /** A browser's order number holding ":", which would read as an Event's origin_slug (422). */
  'order_number_reserved',
  /** A signed purchase whose signature does not match it (422). */
  'signature_mismatch',
  /** A browser repeating an order number another customer's purchase holds (409). */
  'order_taken',
  /** An origin_slug that names both a Purchase and an Event (409). */
  'ambiguous_origin_slug',
  /** A web hook delivery being attempted at this moment (409). */
  'delivery_in_flight',
  /** A sample of a web hook type the endpoint does not subscribe to (422). */
  'type_not_subscribed',
  /** A console call without a live session: never signed in, signed out, or expired (401). */
  'unauthenticated',
  /** A console call a reviewer may not make: it is for owners (403). */
  'forbidden',
  /** A console call that changes something, sent from a page of another origin (403). */
  'cross_origin',
  /** A dashboard token whose signature is not the site's, or that is cut or altered (401). */
  'dashboard_token_invalid',
  /** A dashboard token whose expiry has passed, or lies further off than a token may live (401). */
  'dashboard_token_expired',
  /** A dashboard token for an address that has no referral link on the site (404). */
  'not_an_advocate',
  /** No such item, or not of this site; also an unknown endpoint (404). */
  'not_found',
  /** Too many calls from this address; retry after Retry-After (429). */
  'rate_limited',
  /** The database was out of reach; retry after Retry-After (503). */
  'store_unavailable',
  /** Something broke; it has been logged (500). */
  'internal_error',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** JSON schema of an error's stable code, for the OpenAPI document of both envelopes. */
export const ERROR_CODE_JSON_SCHEMA = {
  type: 'string',
  description: `A stable, machine-readable reason; new ones may be added. Today: ${[...API_ERROR_CODES, ...REFUSAL_CODES].join(', ')}.`,
  examples: [...API_ERROR_CODES, ...REFUSAL_CODES],
};

/**
 * The error the HTTP layer throws (the domain throws a Refusal). It becomes Talkable's error body
 * `{"ok": false, "error_message", "errors", "code"}`, or Reverb's envelope, in exactly one place
 * (app.ts).
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    /** A stable machine-readable reason, answered as `code` (`error_code` on /api/v1). */
    readonly code: ApiErrorCode,
    message: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** A refusal with a stable code, naming the field it is about. */
  static refused(status: ContentfulStatusCode, code: ApiErrorCode, field: string, message: string, headers: Record<string, string> = {}): ApiError {
    return new ApiError(status, code, `${field} ${message}`, [{ field, message }], headers);
  }

  /** A 400 for a required field that is absent. */
  static missing(field: string): ApiError {
    return new ApiError(400, 'missing_field', `${field} is required`, [{ field, message: 'is required' }]);
  }

  /** A 422 for a field whose value the API does not take. */
  static invalid(field: string, message: string): ApiError {
    return new ApiError(422, 'invalid_field', `${field} ${message}`, [{ field, message }]);
  }

  /** A 404 for an item that does not exist, or not on the caller's site. */
  static notFound(field: string, what: string): ApiError {
    return new ApiError(404, 'not_found', `${what} not found`, [{ field, message: `no such ${what}` }]);
  }

  /** A 401 for a secret key that is absent or not the site's. */
  static unauthorized(): ApiError {
    return new ApiError(401, 'unauthorized', 'api_key is missing or wrong for this site', [{ field: 'api_key', message: 'missing or wrong for this site' }]);
  }

  /** A 429 for a caller over a limit, with Retry-After in seconds. */
  static tooManyRequests(waitInSeconds: number): ApiError {
    return new ApiError(429, 'rate_limited', 'too many requests; try again later', [{ field: 'rate_limit', message: `retry after ${waitInSeconds} s` }], {
      'Retry-After': String(waitInSeconds),
    });
  }

  /** A 413 for a body larger than the API reads. */
  static bodyTooLarge(maxInBytes: number): ApiError {
    return new ApiError(413, 'body_too_large', `the body is larger than ${maxInBytes} bytes`, [{ field: 'body', message: `must be at most ${maxInBytes} bytes` }]);
  }
}
