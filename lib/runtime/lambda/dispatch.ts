/** The dispatch Lambda, invoked by EventBridge Scheduler: queue every due source and summary. */
import middy from '@middy/core';
import type { Logger } from '#lib/app/deps.ts';
import type { DispatchResult } from '#lib/app/dispatch.ts';

export function makeDispatchHandler(dispatch: () => Promise<DispatchResult>, log: Logger) {
  return middy<unknown, DispatchResult>().handler(async () => {
    const result = await dispatch();
    log.info('dispatch', { ...result });
    return result;
  });
}
