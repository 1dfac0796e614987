/**
 * Reads `read` until `check` holds and answers that value, polling every 25 ms: for what a
 * collector's background work (periodic jobs, the outbox) writes on its own. Fails naming the
 * last value read once `timeoutInMs` has passed.
 */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutInMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached in ${timeoutInMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
