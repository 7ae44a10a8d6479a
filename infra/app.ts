/**
 * CDK entry point: composition only. Stacks are environment-agnostic so
 * `cdk synth` works offline and without credentials.
 */
import { App, Tags } from 'aws-cdk-lib';
import { AppStack } from '#infra/stacks/app-stack.ts';
import { DataStack } from '#infra/stacks/data-stack.ts';

const app = new App();

const data = new DataStack(app, 'TouchstoneData', {
  description: 'Touchstone stateful resources: table, report bucket, connector secret',
  terminationProtection: true,
});
new AppStack(app, 'TouchstoneApp', {
  description: 'Touchstone stateless resources: functions, HTTP API, schedule, queues',
  table: data.table,
  reportBucket: data.reportBucket,
  connectorSecret: data.connectorSecret,
  secretKey: data.secretKey,
  badgeSigningKey: data.badgeSigningKey,
});

Tags.of(app).add('project', 'touchstone');
