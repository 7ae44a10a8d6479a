/**
 * CDK entry point: composition only. Stacks are environment-agnostic so
 * `cdk synth` works offline and without credentials; the stage's settings
 * come from context (infra/config.ts), validated before anything is built,
 * and cdk-nag fails the synth on any finding not acknowledged (infra/nag.ts).
 */
import { App } from 'aws-cdk-lib';
import { buildTouchstone } from '#infra/touchstone.ts';

buildTouchstone(new App());
