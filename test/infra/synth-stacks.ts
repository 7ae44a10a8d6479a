/**
 * Builds the same composition as infra/app.ts, with bundling skipped so the
 * template tests stay fast (the real `cdk synth` bundles).
 */
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { parseConfig, type TouchstoneConfig } from '#infra/config.ts';
import { AppStack } from '#infra/stacks/app-stack.ts';
import { DataStack } from '#infra/stacks/data-stack.ts';

/** An App whose stacks are not bundled: NodejsFunction emits a placeholder asset. */
export function appWithoutBundling(): App {
  return new App({ context: { 'aws:cdk:bundling-stacks': [] } });
}

export interface SynthesisedStacks {
  data: Template;
  app: Template;
  dataStack: DataStack;
  appStack: AppStack;
}

/** Synthesises the data and app stacks once; both are read-only afterwards. */
export function synthStacks(config: TouchstoneConfig = parseConfig({})): SynthesisedStacks {
  const app = appWithoutBundling();
  const data = new DataStack(app, 'Data');
  const stateless = new AppStack(app, 'App', {
    config,
    table: data.table,
    reportBucket: data.reportBucket,
    reportBucketArn: data.reportBucketArnImport,
    connectorSecret: data.connectorSecret,
    secretKey: data.secretKey,
    badgeSigningKey: data.badgeSigningKey,
  });
  return {
    data: Template.fromStack(data),
    app: Template.fromStack(stateless),
    dataStack: data,
    appStack: stateless,
  };
}

/** Logical id of a construct's CloudFormation resource, so tests need not guess hashes. */
export function logicalIdOf(construct: IConstruct): string {
  const child = construct.node.defaultChild;
  if (!(child instanceof CfnElement))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(child);
}

type Resource = { Type: string; Properties?: Record<string, unknown> };

/** The only resource of a type whose properties match a predicate; fails loudly otherwise. */
export function single(
  template: Template,
  type: string,
  props: Record<string, unknown> = {},
): [string, Resource] {
  const found = Object.entries(template.findResources(type, { Properties: props })) as [string, Resource][];
  const [first, ...rest] = found;
  if (first === undefined || rest.length > 0) {
    throw new Error(`expected exactly one ${type} matching ${JSON.stringify(props)}, found ${found.length}`);
  }
  return first;
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every IAM statement attached (inline or via AWS::IAM::Policy) to the role of the function with this logical id. */
export function statementsOfFunction(template: Template, functionLogicalId: string): Statement[] {
  const fn = template.toJSON().Resources[functionLogicalId] as Resource | undefined;
  const roleArn = fn?.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined;
  const roleId = roleArn?.['Fn::GetAtt']?.[0];
  if (roleId === undefined) throw new Error(`function ${functionLogicalId} has no role in this stack`);
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
  return policies
    .filter((policy) => JSON.stringify(policy.Properties?.Roles).includes(`"${roleId}"`))
    .flatMap(
      (policy) =>
        (policy.Properties?.PolicyDocument as { Statement?: Statement[] } | undefined)?.Statement ?? [],
    );
}

/** Actions of a statement list, flattened. */
export function actionsOf(statements: Statement[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}
