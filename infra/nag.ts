/** cdk-nag rule packs applied to the app (filled in with the suppressions). */
import type { App } from 'aws-cdk-lib';

export function applyNagChecks(_app: App): void {}
