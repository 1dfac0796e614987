/**
 * The console's JSON answers as the browser reads them (the contract of /console/api/*):
 * every answer is `{ok: true, result}` or `{ok: false, code, error, field?}`.
 */
export type Role = 'owner' | 'reviewer';

export interface ConsoleUser {
  id: string;
  email: string;
  role: Role;
  sites: string[] | 'all';
}

export interface ConsoleSite {
  slug: string;
  name: string;
}

export interface SessionResult {
  user: ConsoleUser;
  sites: ConsoleSite[];
}

export type QueueStatus = 'pending' | 'blocked';

export interface QueuePerson {
  email: string;
  name?: string | null;
}

export interface QueueReferral {
  id: string;
  status: string;
  created_at: string;
  advocate: QueuePerson;
  friend: QueuePerson;
  order: { number: string; subtotal: number | string; currency?: string | null };
  attribution: string;
  waiting_reason: string;
  blocked_reason?: string | null;
}

export interface ReviewQueueResult {
  referrals: QueueReferral[];
  next_cursor: string | null;
}

export type ReviewAction = 'approve' | 'void' | 'unblock';

export interface BulkResult {
  results: { id: string; ok: boolean; code?: string }[];
}
