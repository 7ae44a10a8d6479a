/**
 * The whole deployment for one stage: the data and app stacks built from the
 * validated context, tagged, with cdk-nag's rule packs and their
 * acknowledgements. infra/app.ts calls this; the cdk-nag test calls it too, so
 * what is checked is what is deployed.
 */
import { type App, Tags } from 'aws-cdk-lib';
import { configFrom, stackIds, type TouchstoneConfig } from '#infra/config.ts';
import { type Acknowledgement, acknowledgeFindings, applyNagChecks } from '#infra/nag.ts';
import { AppStack } from '#infra/stacks/app-stack.ts';
import { DataStack } from '#infra/stacks/data-stack.ts';

export interface Touchstone {
  config: TouchstoneConfig;
  data: DataStack;
  app: AppStack;
  /** Every cdk-nag finding acknowledged, with its reason. */
  acknowledgements: readonly Acknowledgement[];
}

export function buildTouchstone(app: App): Touchstone {
  const config = configFrom(app.node);
  const ids = stackIds(config.stage);
  const data = new DataStack(app, ids.data, {
    description: `Touchstone stateful resources (${config.stage}): table, report bucket, keys, connector secret`,
    terminationProtection: true,
  });
  const stateless = new AppStack(app, ids.app, {
    description: `Touchstone stateless resources (${config.stage}): functions, HTTP API, badge CDN, schedules, queues, alarms`,
    config,
    table: data.table,
    reportBucket: data.reportBucket,
    reportBucketArn: data.reportBucketArnImport,
    connectorSecret: data.connectorSecret,
    secretKey: data.secretKey,
    badgeSigningKey: data.badgeSigningKey,
  });
  Tags.of(app).add('project', 'touchstone');
  Tags.of(app).add('stage', config.stage);
  const acknowledgements = acknowledgeFindings(data, stateless, config);
  applyNagChecks(app);
  return { config, data, app: stateless, acknowledgements };
}
