import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DEFINITION } from '#lib/adapters/dynamodb/table.ts';
import { type SynthesisedStacks, single, synthStacks } from './synth-stacks.ts';

describe('DataStack', () => {
  let stacks: SynthesisedStacks;

  beforeAll(() => {
    // Prepare
    stacks = synthStacks();
  });

  describe('table', () => {
    it('has the key schema and GSIs of TABLE_DEFINITION', () => {
      // Act
      const [, table] = single(stacks.data, 'AWS::DynamoDB::Table');
      const props = table.Properties ?? {};

      // Assess
      expect(props.KeySchema).toEqual([
        { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
      ]);
      const gsis = (props.GlobalSecondaryIndexes ?? []) as Record<string, unknown>[];
      expect(gsis).toEqual(
        TABLE_DEFINITION.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      );
      const keyAttributes = [
        TABLE_DEFINITION.partitionKey,
        TABLE_DEFINITION.sortKey,
        ...TABLE_DEFINITION.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
      ];
      expect(props.AttributeDefinitions).toEqual(
        expect.arrayContaining(keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
      );
      expect(props.AttributeDefinitions).toHaveLength(keyAttributes.length);
    });

    it('is on-demand, recoverable, encrypted and expires items on the TTL attribute', () => {
      // Act / Assess
      stacks.data.hasResourceProperties('AWS::DynamoDB::Table', {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: TABLE_DEFINITION.ttlAttribute, Enabled: true },
        DeletionProtectionEnabled: true,
      });
    });

    it('is retained when the stack or resource goes away, and has no hard-coded name', () => {
      // Act
      const [, table] = single(stacks.data, 'AWS::DynamoDB::Table');

      // Assess
      stacks.data.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
      expect(table.Properties?.TableName).toBeUndefined();
    });
  });

  describe('report bucket', () => {
    it('blocks all public access, is encrypted and versioned, and is retained', () => {
      // Act / Assess
      stacks.data.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
            ],
          },
          VersioningConfiguration: { Status: 'Enabled' },
          BucketName: Match.absent(),
        }),
      });
    });

    it('denies every request that is not over TLS', () => {
      // Act / Assess
      stacks.data.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });
  });

  it('keeps an Ed25519 signing key for badges in KMS, retained, for signing only', () => {
    // Assess
    stacks.data.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' }),
      DeletionPolicy: 'Retain',
    });
  });

  it('keeps the connector secret, holding a JSON object', () => {
    // Act / Assess
    stacks.data.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ SecretString: '{}', Name: Match.absent() }),
    });
  });

  it('is stateful only: no Lambda function, queue or API', () => {
    // Act / Assess
    stacks.data.resourceCountIs('AWS::Lambda::Function', 0);
    stacks.data.resourceCountIs('AWS::SQS::Queue', 0);
    stacks.data.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
  });
});
