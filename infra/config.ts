/**
 * Deployment configuration, read from CDK context (`cdk.json` or `-c key=value`)
 * and validated with zod before any construct is built: a typo fails the synth,
 * naming the key, instead of deploying something half-configured.
 *
 * | key               | meaning                                                          | default                     |
 * |-------------------|------------------------------------------------------------------|-----------------------------|
 * | `stage`           | stage name; prefixes the stack names, so stages share an account | `dev`                       |
 * | `alarmEmail`      | where alarms are sent (an SNS email subscription)                | none (required for `prod`)  |
 * | `domain`          | host name the public badge CDN answers on                        | the CloudFront domain       |
 * | `certificateArn`  | ACM certificate (us-east-1) for `domain`                         | required with `domain`      |
 * | `sentimentEngine` | `auto`, `comprehend` or `local`                                  | `auto`                      |
 * | `logLevel`        | `DEBUG`, `INFO`, `WARN` or `ERROR`                               | `INFO` on prod, else `DEBUG`|
 * | `sesIdentity`     | verified SES identity (domain or address) reports are sent from  | none: no identity created   |
 * | `reportFrom`      | the From address of report e-mails (within `sesIdentity`)        | `sesIdentity` if an address, else `reports@<sesIdentity>` |
 */
import { z } from 'zod';

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const hostName = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a lower-case host name',
  );

const Context = z
  .object({
    stage: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{0,15}$/,
        'must be 1-16 lower-case letters, digits or dashes, starting with a letter',
      )
      .default('dev'),
    alarmEmail: z.email().optional(),
    domain: hostName.optional(),
    certificateArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/,
        'must be an ACM certificate ARN in us-east-1',
      )
      .optional(),
    sentimentEngine: z.enum(['auto', 'comprehend', 'local']).default('auto'),
    logLevel: z.enum(LOG_LEVELS).optional(),
    sesIdentity: z.union([z.email(), hostName]).optional(),
    reportFrom: z.email().optional(),
  })
  .refine((c) => c.stage !== 'prod' || c.alarmEmail !== undefined, {
    path: ['alarmEmail'],
    message: 'is required on the prod stage: alarms must reach someone',
  })
  .refine((c) => (c.domain === undefined) === (c.certificateArn === undefined), {
    path: ['certificateArn'],
    message: 'domain and certificateArn are given together or not at all',
  });

/** The validated configuration every stack is built from. */
export interface TouchstoneConfig {
  stage: string;
  alarmEmail?: string;
  domain?: string;
  certificateArn?: string;
  sentimentEngine: 'auto' | 'comprehend' | 'local';
  logLevel: LogLevel;
  sesIdentity?: string;
  reportFrom?: string;
}

/** The context keys this app reads; anything else in context is CDK's own. */
export const CONTEXT_KEYS = [
  'stage',
  'alarmEmail',
  'domain',
  'certificateArn',
  'sentimentEngine',
  'logLevel',
  'sesIdentity',
  'reportFrom',
] as const;

export class InvalidConfigError extends Error {
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, options);
    this.name = 'InvalidConfigError';
  }
}

/**
 * Validates raw context values (`tryGetContext` of each key). Empty strings
 * count as absent, so `-c domain=` clears a value set in cdk.json.
 */
export function parseConfig(raw: Partial<Record<(typeof CONTEXT_KEYS)[number], unknown>>): TouchstoneConfig {
  const present = Object.fromEntries(
    Object.entries(raw).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  );
  const parsed = Context.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `context "${i.path.join('.')}" ${i.message}`);
    throw new InvalidConfigError(`Invalid Touchstone configuration: ${problems.join('; ')}`, {
      cause: parsed.error,
    });
  }
  const { logLevel, ...rest } = parsed.data;
  return { ...rest, logLevel: logLevel ?? (rest.stage === 'prod' ? 'INFO' : 'DEBUG') };
}

/** Reads and validates the configuration from a construct's context (usually the App). */
export function configFrom(node: { tryGetContext(key: string): unknown }): TouchstoneConfig {
  return parseConfig(Object.fromEntries(CONTEXT_KEYS.map((key) => [key, node.tryGetContext(key)])));
}

const pascal = (stage: string) =>
  stage
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/** Stack ids (and CloudFormation stack names) of a stage: `Touchstone<Stage>Data`, `Touchstone<Stage>App`. */
export function stackIds(stage: string): { data: string; app: string } {
  return { data: `Touchstone${pascal(stage)}Data`, app: `Touchstone${pascal(stage)}App` };
}
