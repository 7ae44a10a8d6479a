/**
 * cdk-nag: the AWS Solutions and Serverless rule packs run on every synth
 * (as CDK policy-validation plugins, so a finding not acknowledged fails
 * `cdk synth` and `cdk deploy`). Every acknowledgement is listed here, each
 * with its reason in one sentence; test/infra/nag.test.ts proves nothing else
 * is left.
 */
import { type App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';
import type { TouchstoneConfig } from '#infra/config.ts';
import type { AppStack } from '#infra/stacks/app-stack.ts';
import type { DataStack } from '#infra/stacks/data-stack.ts';

/** Adds both rule packs to the app; call once, after the stacks are built. */
export function applyNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}

/** One acknowledgement: the rule (or rule[finding]) and its one-sentence reason. */
export interface Acknowledgement {
  /** Construct path, for the report. */
  path: string;
  id: string;
  reason: string;
}

const acknowledged: Acknowledgement[] = [];

function ack(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
  acknowledged.push({ path: scope.node.path, id, reason });
}

/**
 * Why a wildcard resource is needed, by the actions of its statement. A
 * wildcard whose actions match none of these stays unacknowledged and fails
 * the synth: a new one needs a reason here first.
 */
const WILDCARD_REASONS: ReadonlyArray<{ actions: RegExp; reason: string }> = [
  { actions: /^xray:/, reason: 'X-Ray trace segments have no resource-level permissions.' },
  {
    actions: /^comprehend:BatchDetectSentiment$/,
    reason: 'Comprehend detect APIs have no resource-level permissions.',
  },
  {
    actions: /^s3:(GetObject|PutObject)$/,
    reason: 'Blob keys are made per tenant and run at runtime, so objects are granted under their prefix.',
  },
  {
    actions: /^lambda:InvokeFunction$/,
    reason:
      'The scheduler may invoke its target function and that function’s versions, which CDK grants as ARN:*.',
  },
];

/** Acknowledges each wildcard resource of a policy whose statement actions have a known reason. */
function ackWildcards(policy: iam.Policy | iam.CfnPolicy): void {
  const cfn = policy instanceof iam.CfnPolicy ? policy : (policy.node.defaultChild as iam.CfnPolicy);
  const document = Stack.of(cfn).resolve(cfn.policyDocument) as {
    Statement?: Array<{ Effect: string; Action: string | string[]; Resource: unknown }>;
  };
  const seen = new Set<string>();
  for (const statement of document.Statement ?? []) {
    const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    const known = WILDCARD_REASONS.find((r) => actions.every((a) => r.actions.test(a)));
    if (known === undefined) continue;
    for (const resource of resources.map(flattenCfnReference).filter((r) => r.includes('*'))) {
      const id = `AwsSolutions-IAM5[Resource::${resource}]`;
      if (seen.has(id)) continue;
      seen.add(id);
      ack(cfn, id, known.reason);
    }
  }
}

/** Every acknowledgement for the Touchstone stacks; returns them for the test's report. */
export function acknowledgeFindings(
  data: DataStack,
  app: AppStack,
  config: TouchstoneConfig,
): readonly Acknowledgement[] {
  acknowledged.length = 0;
  // --- data stack ---------------------------------------------------------
  ack(
    data.reportBucket,
    'AwsSolutions-S1',
    'Only the app’s own roles reach this private bucket of generated reports and short-lived imports, so server access logs would need a second bucket for little audit value.',
  );
  ack(
    data.connectorSecret,
    'AwsSolutions-SMG4',
    'It holds third-party API keys issued by the providers, which the operator rotates by hand (docs/lifecycle.md); no Lambda can mint new ones.',
  );

  ack(
    data.operatorKeySecret,
    'AwsSolutions-SMG4',
    'Rotating the operator key also writes its hash into the table, so it is rotated by npm run ops:operator-key rather than a rotation Lambda.',
  );

  // --- functions -------------------------------------------------------------
  for (const fn of [app.api, app.badge, app.dispatch, app.ingest, app.report, app.webhook]) {
    const role = fn.role;
    const policy = role instanceof iam.Role ? role.node.tryFindChild('DefaultPolicy') : undefined;
    if (policy instanceof iam.Policy) ackWildcards(policy);
    ack(
      fn,
      'Serverless-LambdaDLQ',
      fn === app.dispatch
        ? 'The scheduler invokes dispatch every 5 minutes and a missed run is harmless, because the next one picks up everything still due.'
        : fn === app.report
          ? 'Its jobs come from SQS, whose redrive policy dead-letters them, and a missed 5-minute sweep is found again by the next one.'
          : fn === app.ingest || fn === app.webhook
            ? 'It is fed by SQS, whose redrive policy dead-letters failed messages; a function DLQ applies only to async invocations.'
            : 'API Gateway invokes it synchronously and the caller gets the error, so there is no async event to dead-letter.',
    );
  }
  for (const child of [app.ingest, app.report, app.webhook].flatMap((fn) => fn.node.children)) {
    if (child instanceof lambda.EventSourceMapping) {
      ack(
        child,
        'Serverless-LambdaEventSourceMappingDestination',
        'SQS event sources take no on-failure destination; the queue’s redrive policy sends failures to its DLQ after 5 receives.',
      );
    }
  }
  for (const role of app.node.findAll()) {
    if (!(role instanceof iam.Role && role.node.id.startsWith('SchedulerRoleForTarget'))) continue;
    const policy = role.node.tryFindChild('DefaultPolicy');
    if (policy instanceof iam.Policy) ackWildcards(policy);
  }

  // --- queues ---------------------------------------------------------------
  for (const dlq of [app.ingestDeadLetterQueue, app.reportDeadLetterQueue, app.webhookDeadLetterQueue]) {
    ack(
      dlq,
      'Serverless-SQSRedrivePolicy',
      'It is itself a dead-letter queue; its messages are inspected and redriven by an operator.',
    );
  }

  // --- alarms ---------------------------------------------------------------
  for (const child of app.alarms.topic.node.children) {
    if (child instanceof sns.Subscription) {
      ack(
        child,
        'Serverless-SNSRedrivePolicy',
        'SNS retries e-mail deliveries itself, and a dead-letter queue for alarm e-mails would only need an alarm of its own.',
      );
    }
  }

  // --- HTTP API -------------------------------------------------------------
  for (const route of app.httpApi.node.children) {
    if (route.node.id === 'DefaultRoute' || route.node.id.includes('--')) {
      ack(
        route,
        'AwsSolutions-APIG4',
        route.node.id === 'DefaultRoute'
          ? 'Authentication stays in the router (Authorization or x-api-key, one code path locally and in AWS), so API Gateway passes requests through.'
          : 'The public badge routes are intentionally unauthenticated.',
      );
    }
  }

  // --- badge CDN ------------------------------------------------------------
  const cdn = app.badgeDistribution;
  ack(
    cdn,
    'AwsSolutions-CFR1',
    'Badges are embedded on sites visited from anywhere, so no country is blocked.',
  );
  ack(
    cdn,
    'AwsSolutions-CFR2',
    'Only cached GET/HEAD of public badges pass, throttled at the API stage, so a WAF web ACL costs more than the risk it removes.',
  );
  ack(
    cdn,
    'AwsSolutions-CFR3',
    'Cache misses are in the HTTP API access log and views in the badge-render metric; standard logs would need an ACL-enabled bucket.',
  );
  if (config.domain === undefined) {
    ack(
      cdn,
      'AwsSolutions-CFR4',
      'Without the domain and certificateArn context the default *.cloudfront.net certificate is used, whose TLS policy cannot be chosen.',
    );
  }
  return [...acknowledged];
}
