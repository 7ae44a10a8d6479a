import { LocalQueue } from './queue.ts';

/**
 * The in-process queue shared by every handler in a local process: the API's
 * "run now" and the dispatcher send to it, the local scheduler drains it.
 */
export const localQueue = new LocalQueue({ visibilityTimeoutMs: 5 * 60_000, maxReceives: 5 });
