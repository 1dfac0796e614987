/**
 * The store named by DATABASE_URL cannot be opened: a PostgreSQL server that does not answer or
 * refuses the credentials, a SQLite file in a folder that cannot be made or written. Its message
 * is one line naming the store and what to change, for the start and the command line to print.
 */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

/** File-system codes that mean a SQLite file cannot be made or written where DATABASE_URL points. */
const SQLITE_PATH_CODES = new Set(['EACCES', 'EPERM', 'ENOTDIR', 'EROFS', 'ENOENT', 'EISDIR', 'EEXIST', 'ENOSPC']);

/** Socket-level failures reaching a PostgreSQL server. */
const POSTGRES_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * PostgreSQL refusals of the connection itself: 28xxx bad credentials, 3D000 no such database,
 * 42501 no privilege (to create the tables), 57P03 cannot connect now, 53300 too many connections.
 */
function isPostgresConnectionRefusal(code: string): boolean {
  return code.startsWith('08') || code.startsWith('28') || ['3D000', '42501', '57P03', '53300'].includes(code);
}

/**
 * The StoreOpenError an error met while opening and migrating a store stands for, or undefined
 * when it is something else (a bug, which keeps its stack). `location` is the store without
 * credentials.
 */
export function storeOpenError(error: unknown, kind: 'sqlite' | 'postgres', location: string): StoreOpenError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = String((error as { code?: unknown }).code ?? '');
  const message = error.message.split('\n')[0]!;
  // Node's own messages start with their code already ("EACCES: permission denied, mkdir …").
  const reason = code && !message.startsWith(code) ? `${code}: ${message}` : message;
  if (kind === 'sqlite') {
    if (!SQLITE_PATH_CODES.has(code) && !/^SQLITE_(CANTOPEN|READONLY|PERM|IOERR|FULL|NOTADB)/.test(code)) return undefined;
    return new StoreOpenError(
      `cannot open the SQLite store ${location} (${reason}): set DATABASE_URL to file:PATH in a folder this process may write`,
    );
  }
  const timedOut = /timeout exceeded when trying to connect|connection timeout|Connection terminated/.test(reason);
  if (!POSTGRES_SOCKET_CODES.has(code) && !isPostgresConnectionRefusal(code) && !timedOut) return undefined;
  const what = POSTGRES_SOCKET_CODES.has(code) || timedOut ? 'does not answer' : 'refuses the connection';
  return new StoreOpenError(
    `PostgreSQL at ${location} ${what} (${reason}): check DATABASE_URL and that the server runs and lets this host in`,
  );
}
