import type { TestProject } from 'vitest/node';
import type { DynamoCredentials } from '#lib/adapters/dynamodb/client.ts';
import { startEmbeddedDb } from '#lib/local/embedded-db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    /** The embedded DB's random key; any other key id sees an empty database. */
    dynamoCredentials: DynamoCredentials;
    /** The region the tables live in (DynamoDB Local keeps a database per key id and region). */
    dynamoRegion: string;
  }
}

/** One in-memory DynamoDB Local for the whole run; each test file makes its own table. */
export default async function setup(project: TestProject) {
  const db = await startEmbeddedDb();
  project.provide('dynamoEndpoint', db.endpoint);
  project.provide('dynamoCredentials', db.credentials);
  project.provide('dynamoRegion', db.region);
  return async () => {
    await db.stop();
  };
}
