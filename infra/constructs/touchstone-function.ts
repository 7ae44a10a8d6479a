import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** Repository root: entries, lock file and tsconfig are resolved from here, not from the caller's cwd. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How much of a table a function may touch. */
export type TableAccess = 'read' | 'readWrite';

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
  > {
  /** Folder under `functions/`; the entry is `functions/<name>/handler.ts`, exporting `handler`. */
  readonly name: string;
  /** Merged over the house bundling options. */
  readonly bundling?: Partial<BundlingOptions>;
  /** Log retention of the function's own log group. Default: one month. */
  readonly logRetention?: logs.RetentionDays;
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
    const { name, bundling, logRetention, environment, ...overrides } = props;
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
    super(scope, id, {
      memorySize: FUNCTION_DEFAULTS.memorySize,
      timeout: FUNCTION_DEFAULTS.timeout,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
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
      environment: { NODE_OPTIONS: '--enable-source-maps', ...environment },
      bundling: { ...BUNDLING_DEFAULTS, ...bundling },
    });
    // Names the function in the template, so benchmarks and tests find each bundle without guessing logical ids.
    const cfn = this.node.defaultChild;
    if (cfn instanceof lambda.CfnFunction) cfn.addMetadata('touchstone:function', name);
  }

  /** Sets TABLE_NAME and grants the matching data-plane access, in one call. */
  bindTable(table: ITable, access: TableAccess): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'read') table.grantReadData(this);
    else table.grantReadWriteData(this);
    return this;
  }
}
