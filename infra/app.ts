/**
 * CDK entry point: composition only. Stacks are environment-agnostic so
 * `cdk synth` works offline and without credentials; the stage's settings
 * come from context (infra/config.ts), validated before anything is built.
 */
import { App, Tags } from 'aws-cdk-lib';
import { configFrom, stackIds } from '#infra/config.ts';
import { applyNagChecks } from '#infra/nag.ts';
import { AppStack } from '#infra/stacks/app-stack.ts';
import { DataStack } from '#infra/stacks/data-stack.ts';

const app = new App();
const config = configFrom(app.node);
const ids = stackIds(config.stage);

const data = new DataStack(app, ids.data, {
  description: `Touchstone stateful resources (${config.stage}): table, report bucket, keys, connector secret`,
  terminationProtection: true,
});
new AppStack(app, ids.app, {
  description: `Touchstone stateless resources (${config.stage}): functions, HTTP API, badge CDN, schedules, queues, alarms`,
  config,
  table: data.table,
  reportBucket: data.reportBucket,
  connectorSecret: data.connectorSecret,
  secretKey: data.secretKey,
  badgeSigningKey: data.badgeSigningKey,
});

Tags.of(app).add('project', 'touchstone');
Tags.of(app).add('stage', config.stage);
applyNagChecks(app);
