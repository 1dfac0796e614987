import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FieldError } from '../config/validation-issues';

export type { FieldError };


/**
 * The one error type routes throw. It becomes Talkable's error body
 * `{"ok": false, "error_message", "errors"}` in exactly one place (app.ts).
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
    /** A stable machine-readable reason ("order_taken", "share_key_required"...), answered as `code`. */
    readonly code?: string,
  ) {
    super(message);
  }

  /** A refusal with a stable code, naming the field it is about. */
  static refused(status: ContentfulStatusCode, code: string, field: string, message: string, headers: Record<string, string> = {}): ApiError {
    return new ApiError(status, `${field} ${message}`, [{ field, message }], headers, code);
  }

  static missing(field: string): ApiError {
    return new ApiError(400, `${field} is required`, [{ field, message: 'is required' }]);
  }

  static invalid(field: string, message: string): ApiError {
    return new ApiError(422, `${field} ${message}`, [{ field, message }]);
  }

  static notFound(field: string, what: string): ApiError {
    return new ApiError(404, `${what} not found`, [{ field, message: `no such ${what}` }]);
  }

  static unauthorized(): ApiError {
    return new ApiError(401, 'api_key is missing or wrong for this site', [
      { field: 'api_key', message: 'missing or wrong for this site' },
    ]);
  }
}
