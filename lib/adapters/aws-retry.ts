/**
 * One retry policy per AWS client, and only the SDK's: no adapter loops on
 * top of these for the same errors (the SDK retries throttling, 5xx and
 * network errors with jittered exponential backoff). The one loop left is
 * DynamoDB's BatchWriteItem `UnprocessedItems` (lib/adapters/dynamodb/batch-write.ts),
 * which is a partial success, not an error, so the SDK never retries it.
 *
 * | client          | mode     | attempts | why                                                               |
 * |-----------------|----------|----------|-------------------------------------------------------------------|
 * | DynamoDB        | standard | 5        | on-demand tables throttle briefly while a partition splits        |
 * | Comprehend      | adaptive | 8        | a low TPS quota; adaptive mode also rate-limits the client itself |
 * | SQS, S3, KMS    | standard | 3        | the SDK default; these rarely throttle at Touchstone's rates      |
 * | Secrets Manager | standard | 3        | read once per container and cached                                |
 * | SES (v2)        | standard | 3        | a report e-mail that still fails is retried by its job's queue    |
 */
export const AWS_RETRY = {
  dynamodb: { retryMode: 'standard', maxAttempts: 5 },
  comprehend: { retryMode: 'adaptive', maxAttempts: 8 },
  sqs: { retryMode: 'standard', maxAttempts: 3 },
  s3: { retryMode: 'standard', maxAttempts: 3 },
  kms: { retryMode: 'standard', maxAttempts: 3 },
  secretsManager: { retryMode: 'standard', maxAttempts: 3 },
  ses: { retryMode: 'standard', maxAttempts: 3 },
} as const satisfies Record<string, { retryMode: 'standard' | 'adaptive'; maxAttempts: number }>;
