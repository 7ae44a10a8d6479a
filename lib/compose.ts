/**
 * The composition root: builds every adapter once per container (module
 * scope in each handler) from the configuration.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { makeSentimentEngine } from '#lib/adapters/comprehend/engine.ts';
import { connectorFor } from '#lib/adapters/connectors/registry.ts';
import { makeDocumentClient, makeDynamoClient } from '#lib/adapters/dynamodb/client.ts';
import { DynamoRepository } from '#lib/adapters/dynamodb/repository.ts';
import { makeSafeHttpClient } from '#lib/adapters/http/safe-http-client.ts';
import { localQueue } from '#lib/adapters/local/runtime.ts';
import { makeSecretsLoader } from '#lib/adapters/secrets/index.ts';
import { SqsQueue } from '#lib/adapters/sqs/queue.ts';
import { makeAnalyzer } from '#lib/app/analyze.ts';
import type { Deps } from '#lib/app/deps.ts';
import { jsonLogger } from '#lib/app/deps.ts';
import type { Config } from '#lib/config.ts';

export const systemClock = { now: () => new Date() };

export function createDeps(config: Config): Deps {
  const dynamo = makeDynamoClient({
    ...(config.dynamoEndpoint === undefined ? {} : { endpoint: config.dynamoEndpoint }),
    region: config.region,
  });
  const repo = new DynamoRepository(makeDocumentClient(dynamo), {
    tableName: config.tableName,
    dueShards: config.dueShards,
  });
  const queue =
    config.queueUrl === undefined
      ? localQueue
      : new SqsQueue(new SQSClient({ region: config.region }), config.queueUrl);
  return {
    config,
    repo,
    clock: systemClock,
    queue,
    http: makeSafeHttpClient({ allowHosts: config.fetchAllowHosts }),
    connectorFor,
    secrets: makeSecretsLoader(config),
    analyze: makeAnalyzer(
      makeSentimentEngine(config.sentimentEngine, {
        region: config.region,
        ...(config.comprehendEndpoint === undefined ? {} : { endpoint: config.comprehendEndpoint }),
      }),
    ),
    log: jsonLogger({ service: 'touchstone' }),
  };
}
