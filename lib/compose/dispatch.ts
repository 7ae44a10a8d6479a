/** The dispatch function's composition: the table and the ingest queue. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { AWS_RETRY } from '#lib/adapters/aws-retry.ts';
import { makeDocumentClient, makeDynamoClient } from '#lib/adapters/dynamodb/client.ts';
import { DynamoRepository } from '#lib/adapters/dynamodb/repository.ts';
import { SqsQueue } from '#lib/adapters/sqs/queue.ts';
import { type Deps, systemClock } from '#lib/app/deps.ts';
import { dispatchDue } from '#lib/app/dispatch.ts';
import { dueShards, type Env, region, required } from '#lib/config.ts';
import { makeDispatchHandler } from '#lib/runtime/lambda/dispatch.ts';
import { lambdaObservability } from '#lib/runtime/lambda/observability.ts';

export type DispatchDeps = Pick<Deps, 'repo' | 'queue' | 'clock' | 'log'>;

export function makeDispatch(deps: DispatchDeps) {
  return makeDispatchHandler(() => dispatchDue(deps), deps.log);
}

export function dispatchForAws(env: Env = process.env) {
  const where = region(env);
  const obs = lambdaObservability('dispatch');
  return makeDispatch({
    repo: new DynamoRepository(makeDocumentClient(makeDynamoClient({ region: where })), {
      tableName: required(env, 'TABLE_NAME'),
      dueShards: dueShards(env),
    }),
    queue: new SqsQueue(new SQSClient({ region: where, ...AWS_RETRY.sqs }), required(env, 'QUEUE_URL')),
    clock: systemClock,
    log: obs.log,
  }).use(obs.middleware);
}
