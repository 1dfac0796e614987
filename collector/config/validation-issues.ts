import type * as v from 'valibot';

/** One problem with one field of a request (or of the configuration). */
export interface FieldError {
  field: string;
  message: string;
}

type AnyIssue = v.BaseIssue<unknown>;

/** Dotted path of an issue, e.g. "data.items.0.price". */
export function issuePath(issue: AnyIssue | undefined): string {
  if (!issue?.path) return '';
  return issue.path.map((item) => String(item.key)).join('.');
}

/** True when the issue is about a field that was left out rather than one with a bad value. */
export function isMissing(issue: AnyIssue): boolean {
  return issue.input === undefined && issue.kind === 'schema';
}

/** Turns valibot issues into the API's field errors, with a path prefix such as "data". */
export function toFieldErrors(issues: readonly AnyIssue[], prefix = ''): FieldError[] {
  return issues.map((issue) => {
    const path = issuePath(issue);
    const field = [prefix, path].filter(Boolean).join('.') || prefix || 'body';
    return { field, message: isMissing(issue) ? 'is required' : issue.message };
  });
}
