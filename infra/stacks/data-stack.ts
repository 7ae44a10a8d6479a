import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { TABLE_DEFINITION } from '#lib/adapters/dynamodb/table.ts';

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

/**
 * Stateful resources: everything whose loss loses data. Kept apart from the
 * stateless app stack so that stack can be destroyed and redeployed freely.
 */
export class DataStack extends Stack {
  /** The single table, built from TABLE_DEFINITION so local and AWS cannot drift. */
  public readonly table: dynamodb.Table;
  /** Blobs: rendered reports (HTML/JSON/CSV) and uploaded import files (`imports/`, kept a week). */
  public readonly reportBucket: s3.Bucket;
  /** Encrypts secrets at rest (webhook secrets, tenant connector credentials); yearly rotation. */
  public readonly secretKey: kms.Key;
  /**
   * Signs public badge records (Ed25519, SIGN_VERIFY): the private key never
   * leaves KMS. KMS does not rotate asymmetric keys; rotate by adding a key and
   * pointing the app at it (docs/badge.md), keeping the old one until badges are re-signed.
   */
  public readonly badgeSigningKey: kms.Key;
  /** Connector API keys (a JSON object); operators fill it in, so it must outlive redeploys. */
  public readonly connectorSecret: secretsmanager.Secret;
  /**
   * The operator key in plain text (`{"key": "tsk_…", "keyId": "…"}`), written
   * by `npm run ops:operator-key`, which also stores its hash in the table. No
   * function can read it: only the operator, with their own credentials.
   */
  public readonly operatorKeySecret: secretsmanager.Secret;
  /**
   * The report bucket's ARN as an import under a fixed export name, for
   * object-prefix grants: a generated export name would change the wildcard
   * resource cdk-nag reports, and each such resource is acknowledged by name.
   */
  public readonly reportBucketArnImport: string;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: stringKey(TABLE_DEFINITION.partitionKey),
      sortKey: stringKey(TABLE_DEFINITION.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TABLE_DEFINITION.ttlAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE_DEFINITION.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    this.reportBucket = new s3.Bucket(this, 'ReportBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        // Reports are regenerated on schedule; old versions only guard against overwrites.
        { noncurrentVersionExpiration: Duration.days(90) },
        // An import file is read once by its job; a week leaves room to look into a failed one.
        { prefix: 'imports/', expiration: Duration.days(7), noncurrentVersionExpiration: Duration.days(1) },
      ],
    });

    const exportName = `${this.stackName}-ReportBucketArn`;
    this.exportValue(this.reportBucket.bucketArn, { name: exportName });
    this.reportBucketArnImport = Fn.importValue(exportName);

    this.secretKey = new kms.Key(this, 'SecretKey', {
      description: 'Touchstone: encrypts webhook secrets and tenant connector credentials at rest',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.badgeSigningKey = new kms.Key(this, 'BadgeSigningKey', {
      description: 'Touchstone: signs public badge records (Ed25519); verifiers use its published public key',
      keySpec: kms.KeySpec.ECC_NIST_EDWARDS25519,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.connectorSecret = new secretsmanager.Secret(this, 'ConnectorSecret', {
      description: 'Touchstone connector API keys, as a JSON object keyed by connector kind',
      // An empty object, not a random string, so readers can always JSON.parse it.
      secretObjectValue: {},
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.operatorKeySecret = new secretsmanager.Secret(this, 'OperatorKeySecret', {
      description: 'Touchstone operator API key; issued and rotated by npm run ops:operator-key',
      secretObjectValue: {},
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnOutput(this, 'TableName', {
      description: 'The table (for npm run migrate and ops:operator-key)',
      value: this.table.tableName,
    });
    new CfnOutput(this, 'OperatorKeySecretArn', {
      description: 'Where npm run ops:operator-key puts the operator key',
      value: this.operatorKeySecret.secretArn,
    });
  }
}
