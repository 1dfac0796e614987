import type { Context } from 'hono';
import { ERROR_CODE_JSON_SCHEMA, type FieldError } from './api-error';
import type { AppEnv } from './app-env';

/** Paths of the Reverb-shaped API (Reverb's referral records API), whose every answer, errors included, is Reverb's envelope. */
export const REVERB_API_PREFIX = '/api/v1/';

/** Whether a request path belongs to the Reverb-shaped API. */
export function isReverbPath(path: string): boolean {
  return path.startsWith(REVERB_API_PREFIX);
}

/** Reverb's success messages, word for word. */
export const REVERB_OK_WITH_DATA = 'OK: The request was successful. See response body for additional data.';
export const REVERB_OK = 'OK: The request was successful.';

/** A success in Reverb's envelope: `{"response": {"code": "200", "message", "data"}}` (the code is a string, as Reverb's). */
export function reverbOk(c: Context<AppEnv>, data: unknown, message = REVERB_OK_WITH_DATA): Response {
  return c.json({ response: { code: '200', message, data } }, 200);
}

/**
 * An error in Reverb's envelope, with our field-level `errors` and the stable reason
 * `error_code` added (Reverb's own `code` is the HTTP status).
 */
export function reverbErrorBody(status: number, errorCode: string, message: string, errors: readonly FieldError[]) {
  return { response: { code: String(status), message, errors, error_code: errorCode } };
}

/** JSON schema of the envelope's error answer, for the OpenAPI document. */
export const REVERB_ERROR_SCHEMA = {
  type: 'object',
  required: ['response'],
  properties: {
    response: {
      type: 'object',
      required: ['code', 'message', 'errors', 'error_code'],
      properties: {
        code: { type: 'string', description: 'The HTTP status, as a string.' },
        error_code: ERROR_CODE_JSON_SCHEMA,
        message: { type: 'string' },
        errors: {
          type: 'array',
          items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};
