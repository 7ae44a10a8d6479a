/**
 * Powertools for AWS Lambda (TypeScript) behind the app's own Logger and
 * Metrics ports, for the AWS compositions: structured JSON logs with the
 * request id (injectLambdaContext) and the tenant and brand where a handler
 * knows them (appendKeys), at the stage's level (POWERTOOLS_LOG_LEVEL, set by
 * the house construct); business metrics as CloudWatch EMF, flushed at the
 * end of each invocation that counted something (an invocation that counted
 * nothing writes no empty-metrics warning).
 */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { Logger, Metrics } from '#lib/app/deps.ts';

export interface Observability {
  log: Logger;
  metrics: Metrics;
  /** Add to the function's middy handler: request id into every log line, metrics flushed. */
  middleware: MiddlewareObj[];
}

/** One per container, at module scope (the composition builds it once). */
export function lambdaObservability(functionName: string): Observability {
  const logger = new PowertoolsLogger({
    serviceName: 'touchstone',
    persistentKeys: { function: functionName },
  });
  const metrics = new PowertoolsMetrics({ namespace: 'Touchstone', serviceName: 'touchstone' });
  let pending = false;
  const flush = async () => {
    if (!pending) return;
    pending = false;
    metrics.publishStoredMetrics();
  };
  return {
    log: {
      info: (message, fields) => logger.info(message, fields ?? {}),
      warn: (message, fields) => logger.warn(message, fields ?? {}),
      error: (message, fields) => logger.error(message, fields ?? {}),
      appendKeys: (keys) => logger.appendKeys(keys),
      removeKeys: (keys) => logger.removeKeys(keys),
    },
    metrics: {
      count: (metric, value) => {
        if (value <= 0) return;
        metrics.addMetric(metric, MetricUnit.Count, value);
        pending = true;
      },
    },
    middleware: [
      // Keys of the previous invocation are cleared when the next begins, so a handler's own
      // after-middleware (the access log) still sees this invocation's tenant and brand.
      { before: async () => logger.resetKeys() },
      injectLambdaContext(logger),
      { after: flush, onError: flush },
    ],
  };
}
