import * as v from 'valibot';
import { DEFAULT_HTTP_SERVER_LIMITS } from './http-server-limits';
import { issuePath } from './validation-issues';
import { ConfigError } from './load-site-config';
import { MIN_PASSWORD_LENGTH } from '../contract/console-api';

/** An email address (the console owner's), any case; stored in lower case. */
const Email = v.pipe(v.string(), v.trim(), v.email('must be an email address'));

const Integer = (min: number, max: number) =>
  v.pipe(v.string(), v.regex(/^\d+$/, 'must be a whole number'), v.transform(Number), v.minValue(min), v.maxValue(max));

/** The environment variables the collector reads, validated like any other input. */
const EnvironmentSchema = v.pipe(v.object({
  PORT: v.optional(Integer(0, 65535), '3000'),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '127.0.0.1'),
  DATABASE_URL: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^(file:|postgres(ql)?:\/\/|[./\w])/i, 'must be file:PATH or postgres://…'),
      // Another scheme (sqlite:///x.sqlite, mysql://…) would otherwise be taken as a relative file name.
      v.check((url) => !/^[a-z][a-z0-9+.-]*:/i.test(url) || /^(file:|postgres(ql)?:\/\/)/i.test(url), 'must be file:PATH or postgres://… (no other scheme)'),
    ),
  ),
  DATABASE_POOL_SIZE: v.optional(Integer(1, 1000), '10'),
  DATABASE_STATEMENT_TIMEOUT_MS: v.optional(Integer(100, 3_600_000), '10000'),
  VOUCH_CONFIG: v.optional(v.pipe(v.string(), v.minLength(1))),
  PUBLIC_URL: v.optional(
    v.pipe(v.string(), v.url('must be an absolute URL'), v.regex(/^https?:\/\//i, 'must be http(s)'), v.regex(/^[^?#]*$/, 'must have no query or fragment (a path prefix is fine)')),
  ),
  TRUST_PROXY: v.optional(v.picklist(['true', 'false']), 'false'),
  DEMO_SHOP_URL: v.optional(v.pipe(v.string(), v.url('must be an absolute URL'))),
  SHUTDOWN_TIMEOUT_MS: v.optional(Integer(0, 600_000), '10000'),
  INSTANCE_ID: v.optional(v.pipe(v.string(), v.regex(/^[\w.-]{1,64}$/, 'must be letters, digits, dots, dashes or underscores'))),
  OUTBOX_LEASE_SECONDS: v.optional(Integer(1, 86_400), '60'),
  AUTO_APPROVAL_INTERVAL_SECONDS: v.optional(Integer(1, 86_400), '60'),
  EVENT_RETENTION_DAYS: v.optional(Integer(1, 36_500), '30'),
  OUTBOX_POLL_INTERVAL_MS: v.optional(Integer(10, 600_000), '1000'),
  RATE_LIMIT_PER_IP_PER_MINUTE: v.optional(Integer(0, 10_000_000), '300'),
  RATE_LIMIT_MISSES_PER_IP_PER_MINUTE: v.optional(Integer(1, 10_000_000), '30'),
  HTTP_HEADERS_TIMEOUT_MS: v.optional(Integer(100, 600_000), String(DEFAULT_HTTP_SERVER_LIMITS.headersTimeoutInMs)),
  HTTP_REQUEST_TIMEOUT_MS: v.optional(Integer(100, 3_600_000), String(DEFAULT_HTTP_SERVER_LIMITS.requestTimeoutInMs)),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: v.optional(Integer(0, 600_000), String(DEFAULT_HTTP_SERVER_LIMITS.keepAliveTimeoutInMs)),
  HTTP_MAX_CONNECTIONS: v.optional(Integer(1, 1_000_000), String(DEFAULT_HTTP_SERVER_LIMITS.maxConnections)),
  // The console owner made or updated at start; the password's value is never repeated in an error.
  VOUCH_ADMIN_EMAIL: v.optional(Email),
  VOUCH_ADMIN_PASSWORD: v.optional(v.pipe(v.string(), v.minLength(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`), v.maxLength(1024, 'must be at most 1024 characters'))),
  // The bearer token of GET /metrics; without it there is no /metrics. Long enough not to be guessed.
  METRICS_TOKEN: v.optional(v.pipe(v.string(), v.minLength(16, 'must be at least 16 characters'), v.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'))),
  CONSOLE_SESSION_IDLE_HOURS: v.optional(Integer(1, 720), '12'),
  CONSOLE_SESSION_MAX_DAYS: v.optional(Integer(1, 365), '7'),
}), v.forward(
  // Node refuses a headers timeout longer than the whole request's.
  v.check((env) => env.HTTP_HEADERS_TIMEOUT_MS <= env.HTTP_REQUEST_TIMEOUT_MS, 'must not be longer than HTTP_REQUEST_TIMEOUT_MS'),
  ['HTTP_HEADERS_TIMEOUT_MS'],
), v.forward(
  v.check((env) => (env.VOUCH_ADMIN_EMAIL === undefined) === (env.VOUCH_ADMIN_PASSWORD === undefined), 'VOUCH_ADMIN_EMAIL and VOUCH_ADMIN_PASSWORD go together: set both or neither'),
  ['VOUCH_ADMIN_PASSWORD'],
));

export type Environment = v.InferOutput<typeof EnvironmentSchema>;

/** Reads and checks the collector's environment; a bad value stops the start, naming the variable. */
export function readEnvironment(env: NodeJS.ProcessEnv): Environment {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = v.safeParse(EnvironmentSchema, present);
  if (!result.success) {
    const issue = result.issues[0];
    throw new ConfigError(`invalid environment: ${issuePath(issue)}: ${issue.message}`);
  }
  return result.output;
}
