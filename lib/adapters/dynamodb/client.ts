import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoClientOptions {
  /** Custom endpoint (DynamoDB Local); absent in AWS. */
  endpoint?: string;
  region?: string;
  /** DynamoDB Local's credentials; with an endpoint and none given, fixed local ones (never the machine's). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Builds a low-level client; call once per container, at module scope. */
export function makeDynamoClient(options: DynamoClientOptions = {}): DynamoDBClient {
  return new DynamoDBClient({
    ...(options.endpoint === undefined
      ? {}
      : {
          endpoint: options.endpoint,
          credentials: options.credentials ?? { accessKeyId: 'local', secretAccessKey: 'local' },
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
