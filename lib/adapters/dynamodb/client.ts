import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoClientOptions {
  /** Custom endpoint (DynamoDB Local); absent in AWS. */
  endpoint?: string;
  region?: string;
}

/** Builds a low-level client; call once per container, at module scope. */
export function makeDynamoClient(options: DynamoClientOptions = {}): DynamoDBClient {
  return new DynamoDBClient({
    ...(options.endpoint === undefined
      ? {}
      : {
          endpoint: options.endpoint,
          // DynamoDB Local accepts any credentials; never reach for real ones.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    maxAttempts: 5,
  });
}

export function makeDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
