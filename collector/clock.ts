/**
 * Where the collector reads the time. The running collector uses the system clock; tests pass a
 * clock they move by hand, so expiries, cooling periods and retention are tested without waiting.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
