/** One request of a plan; `{n}` anywhere in its path or body is replaced by the request's sequence number. */
export interface RequestTemplate {
  method: 'GET' | 'POST';
  path: string;
  /** JSON text, sent as application/json. */
  body?: string;
  headers?: Record<string, string>;
}

/**
 * The requests one side of a load gets, as data, so the load process (another process than the
 * bench's) can make them: template i % length for the request numbered i, counting from
 * `nextSequence`, which the bench moves on after every run so no order number repeats.
 */
export interface RequestPlan {
  templates: RequestTemplate[];
  nextSequence: number;
}

export const SEQUENCE_PLACEHOLDER = '{n}';

/** The request numbered `sequence` of the plan. */
export function planRequest(plan: RequestPlan, sequence: number): RequestTemplate {
  const template = plan.templates[sequence % plan.templates.length]!;
  const n = String(sequence);
  return {
    ...template,
    path: template.path.replaceAll(SEQUENCE_PLACEHOLDER, n),
    ...(template.body === undefined ? {} : { body: template.body.replaceAll(SEQUENCE_PLACEHOLDER, n) }),
  };
}
