import { UUID_PATTERN } from '../contract/visitor-uuid';
import type { RecordPosition } from './record-position';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/**
 * The opaque next_cursor of a page of referral records: base64url of the last record's
 * (created_at, id). Both are needed: records made in the same millisecond share created_at.
 */
export function encodeRecordCursor(position: RecordPosition): string {
  return Buffer.from(JSON.stringify([position.created_at, position.id])).toString('base64url');
}

/** The position a cursor stands for, or undefined when it is not one this API made. */
export function decodeRecordCursor(cursor: string): RecordPosition | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [createdAt, id] = value as unknown[];
    if (typeof createdAt !== 'string' || typeof id !== 'string' || !ISO_TIME.test(createdAt) || !UUID_PATTERN.test(id)) return undefined;
    // Ids are stored lower-cased, and the page compares them as stored.
    return { created_at: createdAt, id: id.toLowerCase() };
  } catch {
    // Not base64url JSON: a cursor someone made up, answered as the invalid value it is.
    return undefined;
  }
}
