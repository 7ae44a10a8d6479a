import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConfigError } from '#lib/domain/errors.ts';
import { AWS_RETRY } from '../aws-retry.ts';

/**
 * The key a client presents to a custom endpoint. DynamoDB Local keeps one
 * database per access key id and region (without `-sharedDb`) and checks no
 * signature, so the access key id is what keeps other clients out.
 */
export interface DynamoCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Where a DynamoDB client goes, and with which key. */
export interface DynamoClientOptions {
  /** Custom endpoint (DynamoDB Local); absent in AWS. */
  endpoint?: string;
  region?: string;
  /**
   * Credentials for the custom endpoint. Without them, an endpoint client reads
   * DYNAMODB_ACCESS_KEY_ID and DYNAMODB_SECRET_ACCESS_KEY (see
   * `dynamoCredentialsFromEnv`); a client without an endpoint uses the SDK's
   * default chain (the Lambda role), never a hard-coded key.
   */
  credentials?: DynamoCredentials;
}

/**
 * Reads the key for a custom DynamoDB endpoint from DYNAMODB_ACCESS_KEY_ID and
 * DYNAMODB_SECRET_ACCESS_KEY, failing fast with both names when either is
 * missing. Separate from AWS_ACCESS_KEY_ID so that a laptop's real AWS
 * credentials are never sent to a local endpoint, nor replaced for other clients.
 */
export function dynamoCredentialsFromEnv(
  env: Record<string, string | undefined> = process.env,
): DynamoCredentials {
  const accessKeyId = env.DYNAMODB_ACCESS_KEY_ID?.trim() ?? '';
  const secretAccessKey = env.DYNAMODB_SECRET_ACCESS_KEY?.trim() ?? '';
  if (accessKeyId === '' || secretAccessKey === '') {
    throw new ConfigError(
      'Environment variables DYNAMODB_ACCESS_KEY_ID and DYNAMODB_SECRET_ACCESS_KEY are required with DYNAMODB_ENDPOINT ' +
        '(the key the DynamoDB at that endpoint keeps your tables under)',
    );
  }
  return { accessKeyId, secretAccessKey };
}

/** Builds a low-level client; call once per container, at module scope. */
export function makeDynamoClient(options: DynamoClientOptions = {}): DynamoDBClient {
  const credentials =
    options.credentials ?? (options.endpoint === undefined ? undefined : dynamoCredentialsFromEnv());
  return new DynamoDBClient({
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(credentials === undefined ? {} : { credentials }),
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    ...AWS_RETRY.dynamodb,
  });
}

export function makeDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
