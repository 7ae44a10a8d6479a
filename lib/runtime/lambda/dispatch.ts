/** The dispatch Lambda, invoked by EventBridge Scheduler: queue every due source. */
import middy from '@middy/core';
import type { Deps } from '#lib/app/deps.ts';
import { type DispatchResult, dispatchDueSources } from '#lib/app/dispatch.ts';

export function makeDispatchHandler(deps: Deps) {
  return middy<unknown, DispatchResult>().handler(async () => {
    const result = await dispatchDueSources(deps);
    deps.log.info('dispatch', { ...result });
    return result;
  });
}
