/** Where the collector writes its log lines. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * JSON lines when stdout is not a terminal (for log collectors), short readable lines when
 * it is. Fields must never hold secrets or full email addresses: see maskEmail.
 */
export function createLogger(stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout): Logger {
  const write = (level: string, message: string, fields: Record<string, unknown> = {}) => {
    if (stream.isTTY) {
      const extra = Object.entries(fields)
        .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
        .join(' ');
      stream.write(`${level === 'info' ? '' : `${level.toUpperCase()} `}${message}${extra ? ` ${extra}` : ''}\n`);
    } else {
      stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
    }
  };
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

/** A logger that drops everything (tests that do not read logs). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** "alice@example.com" → "a***@example.com": enough to tell people apart in a log, not to mail them. */
export function maskEmail(email: string | null | undefined): string | undefined {
  if (!email) return undefined;
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}
