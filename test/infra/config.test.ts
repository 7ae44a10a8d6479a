import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { configFrom, InvalidConfigError, parseConfig, stackIds } from '#infra/config.ts';

describe('deployment configuration (CDK context, zod)', () => {
  it('defaults to the dev stage, the auto engine and DEBUG logs', () => {
    // Act
    const config = parseConfig({});

    // Assess
    expect(config).toEqual({ stage: 'dev', sentimentEngine: 'auto', logLevel: 'DEBUG' });
  });

  it('logs at INFO on prod unless told otherwise, and reads every key from context', () => {
    // Prepare
    const app = new App({
      context: {
        stage: 'prod',
        alarmEmail: 'ops@example.com',
        domain: 'badges.example.com',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000000',
        sentimentEngine: 'comprehend',
        sesIdentity: 'example.com',
      },
    });

    // Act
    const config = configFrom(app.node);

    // Assess
    expect(config).toMatchObject({
      stage: 'prod',
      logLevel: 'INFO',
      alarmEmail: 'ops@example.com',
      domain: 'badges.example.com',
      sentimentEngine: 'comprehend',
      sesIdentity: 'example.com',
    });
    expect(parseConfig({ stage: 'prod', alarmEmail: 'a@b.co', logLevel: 'WARN' }).logLevel).toBe('WARN');
  });

  it.each([
    [{ stage: 'Prod!' }, /stage/],
    [{ stage: 'prod' }, /alarmEmail.*required on the prod stage/],
    [{ alarmEmail: 'not-an-address' }, /alarmEmail/],
    [{ sentimentEngine: 'gpt' }, /sentimentEngine/],
    [{ logLevel: 'TRACE' }, /logLevel/],
    [{ domain: 'badges.example.com' }, /certificateArn.*together/],
    [
      { domain: 'badges.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/ab' },
      /us-east-1/,
    ],
  ])('refuses %j, naming the key', (raw, message) => {
    // Act / Assess
    expect(() => parseConfig(raw)).toThrow(InvalidConfigError);
    expect(() => parseConfig(raw)).toThrow(message);
  });

  it('treats an empty value as absent, so -c key= clears it', () => {
    // Act / Assess
    expect(parseConfig({ stage: '', alarmEmail: '' }).stage).toBe('dev');
  });

  it('names the stacks after the stage, so stages can share an account', () => {
    // Act / Assess
    expect(stackIds('dev')).toEqual({ data: 'TouchstoneDevData', app: 'TouchstoneDevApp' });
    expect(stackIds('eu-prod')).toEqual({ data: 'TouchstoneEuProdData', app: 'TouchstoneEuProdApp' });
  });
});
