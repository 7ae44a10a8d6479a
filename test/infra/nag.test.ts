/**
 * cdk-nag (AwsSolutionsChecks and ServerlessChecks) over the app exactly as
 * infra/app.ts builds it: zero findings left unacknowledged, and every
 * acknowledgement gives its reason in one sentence.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTouchstone } from '#infra/touchstone.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function synthWithNag(context: Record<string, string>) {
  const outdir = mkdtempSync(join(tmpdir(), 'touchstone-nag-'));
  dirs.push(outdir);
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const built = buildTouchstone(app);
  let failure: unknown;
  try {
    app.synth();
  } catch (error) {
    failure = error;
  }
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: Array<{ violations?: Array<{ ruleName: string; violatingResources?: unknown[] }> }>;
  };
  const violations = report.pluginReports.flatMap((r) => r.violations ?? []);
  return { built, failure, violations };
}

describe.each([
  ['dev (defaults)', {}],
  [
    'prod with a domain, alarm e-mail and SES identity',
    {
      stage: 'prod',
      alarmEmail: 'ops@example.com',
      domain: 'badges.example.com',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000000',
      sesIdentity: 'example.com',
    },
  ],
])('cdk-nag on the %s stage', (_name, context) => {
  const { built, failure, violations } = synthWithNag(context);

  it('leaves no AwsSolutions or Serverless finding unacknowledged', () => {
    // Assess
    expect(violations).toEqual([]);
    expect(failure).toBeUndefined();
  });

  it('gives every acknowledgement a one-sentence reason', () => {
    // Assess
    expect(built.acknowledgements.length).toBeGreaterThan(0);
    for (const { id, reason } of built.acknowledgements) {
      expect(id).toMatch(/^(AwsSolutions|Serverless)-[A-Za-z0-9]+(\[.+\])?$/);
      expect(reason).toMatch(/^[A-Z].{20,}[.]$/);
      // One sentence: no full stop followed by a new capitalised sentence inside.
      expect(reason.slice(0, -1)).not.toMatch(/[.!?]\s+[A-Z]/);
    }
  });
});

describe('cdk-nag', () => {
  it('fails the synth on a finding nobody acknowledged', () => {
    // Prepare
    const outdir = mkdtempSync(join(tmpdir(), 'touchstone-nag-'));
    dirs.push(outdir);
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const built = buildTouchstone(app);

    // Act: a wildcard grant with no reason on file.
    built.app.api.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['arn:aws:sns:*:*:*'] }),
    );

    // Assess
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::arn:aws:sns:\*:\*:\*\]/);
  });
});
