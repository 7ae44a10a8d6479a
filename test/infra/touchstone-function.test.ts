import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { describe, expect, it } from 'vitest';
import {
  BUNDLING_DEFAULTS,
  FUNCTION_DEFAULTS,
  TABLE_ACTIONS,
  TouchstoneFunction,
} from '#infra/constructs/touchstone-function.ts';
import { actionsOf, appWithoutBundling, logicalIdOf, statementsOfFunction } from './synth-stacks.ts';

function prepare() {
  const stack = new Stack(appWithoutBundling(), 'Test');
  const table = new dynamodb.Table(stack, 'Table', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  });
  return { stack, table };
}

describe('TouchstoneFunction', () => {
  it('applies the house defaults and merges options over them', () => {
    // Prepare
    const { stack } = prepare();

    // Act
    const fn = new TouchstoneFunction(stack, 'Fn', {
      name: 'api',
      memorySize: 2048,
      environment: { EXTRA: 'yes' },
    });
    const props = Template.fromStack(stack).toJSON().Resources[logicalIdOf(fn)].Properties;

    // Assess
    expect(props.MemorySize).toBe(2048);
    expect(props.Timeout).toBe(FUNCTION_DEFAULTS.timeout.toSeconds());
    expect(props.Environment.Variables).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'touchstone',
      POWERTOOLS_METRICS_NAMESPACE: 'Touchstone',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      EXTRA: 'yes',
    });
    expect(props.LoggingConfig).toMatchObject({ LogFormat: 'JSON', ApplicationLogLevel: 'INFO' });
    expect(props.Runtime).toBe('nodejs24.x');
    expect(props.Architectures).toEqual(['arm64']);
  });

  it("bindTable('read') sets TABLE_NAME and grants reads only", () => {
    // Prepare
    const { stack, table } = prepare();
    const fn = new TouchstoneFunction(stack, 'Fn', { name: 'api', timeout: Duration.seconds(3) });

    // Act
    fn.bindTable(table, 'read');
    const template = Template.fromStack(stack);
    const actions = actionsOf(statementsOfFunction(template, logicalIdOf(fn)));

    // Assess
    expect(template.toJSON().Resources[logicalIdOf(fn)].Properties.Environment.Variables.TABLE_NAME).toEqual({
      Ref: logicalIdOf(table),
    });
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual([]);
  });

  it("bindTable('readWrite') also grants writes", () => {
    // Prepare
    const { stack, table } = prepare();
    const fn = new TouchstoneFunction(stack, 'Fn', { name: 'api' });

    // Act
    fn.bindTable(table, 'readWrite');
    const actions = actionsOf(statementsOfFunction(Template.fromStack(stack), logicalIdOf(fn)));

    // Assess
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:BatchWriteItem']));
  });

  it("bindTable('get') grants GetItem on the table only, never an index or Scan", () => {
    // Prepare
    const { stack, table } = prepare();
    const fn = new TouchstoneFunction(stack, 'Fn', { name: 'badge', logLevel: 'WARN' });

    // Act
    fn.bindTable(table, 'get');
    const template = Template.fromStack(stack);
    const statements = statementsOfFunction(template, logicalIdOf(fn));

    // Assess
    const dynamo = statements.filter((st) => actionsOf([st]).some((a) => a.startsWith('dynamodb:')));
    expect(actionsOf(dynamo)).toEqual(['dynamodb:GetItem']);
    expect(JSON.stringify(dynamo)).not.toContain('/index/');
    expect(template.toJSON().Resources[logicalIdOf(fn)].Properties.LoggingConfig.ApplicationLogLevel).toBe(
      'WARN',
    );
  });

  it('grants no Scan at any access level', () => {
    // Act / Assess
    for (const actions of Object.values(TABLE_ACTIONS)) expect(actions.join()).not.toMatch(/Scan/);
  });

  it('names the missing entry instead of bundling nothing', () => {
    // Prepare
    const { stack } = prepare();

    // Act / Assess
    expect(() => new TouchstoneFunction(stack, 'Fn', { name: 'no-such-function' })).toThrow(
      /functions\/no-such-function\/handler\.ts/,
    );
  });

  it('bundles ESM for Node 24 with source maps and a require shim', () => {
    // Act / Assess
    expect(BUNDLING_DEFAULTS).toMatchObject({
      format: OutputFormat.ESM,
      target: 'node24',
      sourceMap: true,
      minify: true,
    });
    expect(BUNDLING_DEFAULTS.banner).toContain('createRequire');
  });
});
