/** What went wrong, as `on('error')` callbacks receive it. */
export type VouchErrorCode =
  | 'network' // the collector could not be reached
  | 'timeout' // it did not answer in time
  | 'bad_response' // it answered something that is not the API's shape
  | 'rejected' // it answered with an error (4xx/5xx): see status and errors
  | 'invalid_command' // a vouch(...) call the widget does not understand
  | 'callback' // a merchant's own callback threw
  | 'internal'; // a bug in the widget: still never thrown into the page

/** One field the collector named in a rejection. */
export interface FieldError {
  field: string;
  message: string;
}

/** The one error type the widget reports. */
export class VouchError extends Error {
  override name = 'VouchError';
  constructor(
    readonly code: VouchErrorCode,
    message: string,
    readonly status?: number,
    /** The fields the collector named, if it rejected the request. */
    readonly errors: FieldError[] = [],
    /** From a 429's Retry-After header. */
    readonly retryAfterSeconds?: number,
    /** The collector's stable reason for a rejection ("recipients_invalid", "invite_limit"…): what the widget branches on. */
    readonly reason?: string,
  ) {
    super(message);
  }
}

/** Wraps anything thrown into a VouchError, keeping VouchErrors as they are. */
export function toVouchError(error: unknown, code: VouchErrorCode = 'internal'): VouchError {
  return error instanceof VouchError ? error : new VouchError(code, String((error as Error)?.message ?? error));
}
