import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { TABLE_DEFINITION } from '#lib/adapters/dynamodb/table.ts';

/** Repository root: entries, lock file and tsconfig are resolved from here, not from the caller's cwd. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * How much of a table a function may touch:
 * - `get`: single-item reads by key (the public badge function);
 * - `read`: key reads and Queries, on the table and its indexes;
 * - `readWrite`: those plus item writes (transactions need no action of their own).
 * None includes Scan: listings are Queries (docs/architecture.md).
 */
export type TableAccess = 'get' | 'read' | 'readWrite';

/** The DynamoDB data-plane actions each access level grants; never Scan, never a control-plane action. */
export const TABLE_ACTIONS: Record<TableAccess, readonly string[]> = {
  get: ['dynamodb:GetItem'],
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ],
};

/**
 * Options for {@link TouchstoneFunction}. Anything given is merged over the
 * house defaults; the runtime, architecture, tracing, log format and entry are
 * fixed and cannot be overridden.
 */
export interface TouchstoneFunctionProps
  extends Omit<
    NodejsFunctionProps,
    | 'entry'
    | 'handler'
    | 'code'
    | 'runtime'
    | 'architecture'
    | 'tracing'
    | 'loggingFormat'
    | 'logFormat'
    | 'logGroup'
    | 'logRetentionRole'
    | 'logRetentionRetryOptions'
    | 'bundling'
    | 'projectRoot'
    | 'depsLockFilePath'
    | 'role'
  > {
  /** Folder under `functions/`; the entry is `functions/<name>/handler.ts`, exporting `handler`. */
  readonly name: string;
  /** Merged over the house bundling options. */
  readonly bundling?: Partial<BundlingOptions>;
  /** Log retention of the function's own log group. Default: one month. */
  readonly logRetention?: logs.RetentionDays;
  /** Application log level (the stage's); Lambda drops lower levels and Powertools reads it too. Default: INFO. */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

/** Lambda defaults for every Touchstone function; callers override per function. */
export const FUNCTION_DEFAULTS = {
  memorySize: 512,
  timeout: Duration.seconds(10),
  logRetention: logs.RetentionDays.ONE_MONTH,
} as const;

/**
 * Esbuild options. ESM output lets Node load the bundle as a module; the banner
 * gives CommonJS dependencies that call `require` for built-ins a working one.
 */
export const BUNDLING_DEFAULTS: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  // Pin the SDK version the tests ran against instead of the runtime's copy.
  bundleAwsSDK: true,
  banner:
    "import{createRequire as __touchstoneCreateRequire}from'node:module';const require=__touchstoneCreateRequire(import.meta.url);",
  tsconfig: join(PROJECT_ROOT, 'tsconfig.json'),
};

/**
 * The house Lambda: a NodejsFunction on Node.js 24, arm64, JSON logs into its
 * own log group with retention, X-Ray tracing, source-mapped ESM bundles.
 */
export class TouchstoneFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: TouchstoneFunctionProps) {
    const { name, bundling, logRetention, logLevel = 'INFO', environment, ...overrides } = props;
    const entry = join(PROJECT_ROOT, 'functions', name, 'handler.ts');
    if (!existsSync(entry)) {
      throw new Error(`TouchstoneFunction ${id}: entry ${entry} does not exist`);
    }
    // Created beside the function (not inside it) because it must exist before super().
    const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, {
      retention: logRetention ?? FUNCTION_DEFAULTS.logRetention,
      // Stateless stack: logs go with the function rather than being orphaned.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Its own role, with no AWS-managed policy: it may write to its own log group and nothing else until granted.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Touchstone ${name} function`,
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      role,
      memorySize: FUNCTION_DEFAULTS.memorySize,
      timeout: FUNCTION_DEFAULTS.timeout,
      applicationLogLevelV2: lambda.ApplicationLogLevel[logLevel],
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      ...overrides,
      entry,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        // Powertools reads these: one service name for every function, the stage's log level.
        POWERTOOLS_SERVICE_NAME: 'touchstone',
        POWERTOOLS_METRICS_NAMESPACE: 'Touchstone',
        POWERTOOLS_LOG_LEVEL: logLevel,
        ...environment,
      },
      bundling: { ...BUNDLING_DEFAULTS, ...bundling },
    });
    // Names the function in the template, so benchmarks and tests find each bundle without guessing logical ids.
    const cfn = this.node.defaultChild;
    if (cfn instanceof lambda.CfnFunction) cfn.addMetadata('touchstone:function', name);
  }

  /**
   * Sets TABLE_NAME and grants the matching data-plane actions ({@link TABLE_ACTIONS}),
   * in one call, on the table and (unless `get`) its named indexes only.
   */
  bindTable(table: ITable, access: TableAccess): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    // Each index by name (no `index/*`), so a new index is granted only when TABLE_DEFINITION names it.
    const indexes = TABLE_DEFINITION.indexes.map((index) => `${table.tableArn}/index/${index.name}`);
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [...TABLE_ACTIONS[access]],
        resources: access === 'get' ? [table.tableArn] : [table.tableArn, ...indexes],
      }),
    );
    return this;
  }
}
