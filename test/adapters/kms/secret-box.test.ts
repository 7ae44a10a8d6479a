import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { KmsSecretBox, makeKmsSecretBox, secretKeyIdFromEnv } from '#lib/adapters/kms/secret-box.ts';
import { SecretBoxError } from '#lib/adapters/secret-box-error.ts';
import { ConfigError } from '#lib/domain/errors.ts';

/**
 * The KMS SecretBox through the real SDK client, against a loopback server
 * that replays KMS's recorded JSON answers. The server keeps what each
 * Encrypt sealed and, like KMS, answers Decrypt only with the same key and
 * the same EncryptionContext.
 */
const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/kms/${name}`, import.meta.url), 'utf8');
const EncryptOut = z.object({
  CiphertextBlob: z.string(),
  EncryptionAlgorithm: z.string(),
  KeyId: z.string(),
});
const DecryptOut = z.object({ Plaintext: z.string(), EncryptionAlgorithm: z.string(), KeyId: z.string() });
const encryptOut = EncryptOut.parse(JSON.parse(fixture('encrypt.json')));
const decryptOut = DecryptOut.parse(JSON.parse(fixture('decrypt.json')));

const EncryptIn = z.object({
  KeyId: z.string(),
  Plaintext: z.string(),
  EncryptionContext: z.record(z.string(), z.string()).optional(),
});
const DecryptIn = z.object({
  KeyId: z.string().optional(),
  CiphertextBlob: z.string(),
  EncryptionContext: z.record(z.string(), z.string()).optional(),
});
type Call = { target: string; body: unknown };

const KEY_ID = 'alias/touchstone-secrets';
const OTHER_KEY_ID = 'alias/someone-else';
let server: Server;
let endpoint = '';
const calls: Call[] = [];
const sealedByKms = new Map<string, z.infer<typeof EncryptIn>>();
let denyNext = false;

function answer(status: number, body: string) {
  return { status, body };
}

function kms(target: string, body: unknown): { status: number; body: string } {
  if (denyNext) {
    denyNext = false;
    return answer(400, fixture('access-denied.json'));
  }
  if (target === 'TrentService.Encrypt') {
    const request = EncryptIn.parse(body);
    // Each answer is the recorded one with a blob of its own, as KMS never repeats a ciphertext.
    const blob = Buffer.concat([Buffer.from(encryptOut.CiphertextBlob, 'base64'), randomBytes(8)]).toString(
      'base64',
    );
    sealedByKms.set(blob, request);
    return answer(200, JSON.stringify({ ...encryptOut, CiphertextBlob: blob }));
  }
  if (target === 'TrentService.Decrypt') {
    const request = DecryptIn.parse(body);
    const sealed = sealedByKms.get(request.CiphertextBlob);
    if (sealed !== undefined && request.KeyId !== undefined && request.KeyId !== sealed.KeyId) {
      return answer(400, fixture('incorrect-key.json'));
    }
    if (
      sealed === undefined ||
      !isDeepStrictEqual(request.EncryptionContext ?? {}, sealed.EncryptionContext ?? {})
    ) {
      return answer(400, fixture('invalid-ciphertext.json'));
    }
    return answer(200, JSON.stringify({ ...decryptOut, Plaintext: sealed.Plaintext }));
  }
  return answer(400, JSON.stringify({ __type: 'UnknownOperationException' }));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const body: unknown = JSON.parse(text);
      calls.push({ target, body });
      const { status, body: out } = kms(target, body);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(out);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  endpoint = `http://127.0.0.1:${address.port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const client = () =>
  new KMSClient({
    region: 'eu-west-1',
    endpoint,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
const context = { tenantId: 'acme', brandId: 'shop', sourceId: 'push' };
/** What a promise rejected with (undefined if it did not), so several attempts can run before the checks. */
const errorOf = (attempt: Promise<unknown>) =>
  attempt.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('KmsSecretBox through the real SDK client', () => {
  it('seals with Encrypt under its key and the context, and opens with Decrypt', async () => {
    // Prepare
    calls.length = 0;
    const box = new KmsSecretBox({ client: client(), keyId: KEY_ID });
    // Act
    const sealed = await box.seal('whsec_0123456789abcdef', context);
    const opened = await box.open(sealed, { sourceId: 'push', brandId: 'shop', tenantId: 'acme' });
    // Assess
    expect(opened).toBe('whsec_0123456789abcdef');
    expect(sealed).toMatch(/^kms:v1:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('whsec');
    expect(calls.map((c) => c.target)).toEqual(['TrentService.Encrypt', 'TrentService.Decrypt']);
    expect(calls[0]?.body).toEqual({
      KeyId: KEY_ID,
      Plaintext: Buffer.from('whsec_0123456789abcdef').toString('base64'),
      EncryptionContext: context,
    });
    expect(calls[1]?.body).toMatchObject({ KeyId: KEY_ID, EncryptionContext: context });
  });

  it('refuses to open under another context', async () => {
    // Prepare
    const box = new KmsSecretBox({ client: client(), keyId: KEY_ID });
    const sealed = await box.seal('whsec_secret', context);
    // Act
    const error = await errorOf(box.open(sealed, { ...context, tenantId: 'acme-2' }));
    // Assess
    expect(error).toBeInstanceOf(SecretBoxError);
    expect(error).toHaveProperty('cause.name', 'InvalidCiphertextException');
  });

  it('refuses a tampered or unversioned value, and one sealed under another key', async () => {
    // Prepare
    const box = new KmsSecretBox({ client: client(), keyId: KEY_ID });
    const sealed = await box.seal('whsec_secret', context);
    const packed = Buffer.from(sealed.slice('kms:v1:'.length), 'base64url');
    packed[packed.length - 1] = (packed[packed.length - 1] ?? 0) ^ 0x01;
    const otherBox = new KmsSecretBox({ client: client(), keyId: OTHER_KEY_ID });
    calls.length = 0;
    // Act
    const tampered = await errorOf(box.open(`kms:v1:${packed.toString('base64url')}`, context));
    const unversioned = await errorOf(box.open(sealed.slice('kms:v1:'.length), context));
    const local = await errorOf(box.open('v1:AAAA', context));
    const otherKey = await errorOf(otherBox.open(sealed, context));
    // Assess
    expect(tampered).toBeInstanceOf(SecretBoxError);
    expect(tampered).toHaveProperty('cause.name', 'InvalidCiphertextException');
    expect(unversioned).toBeInstanceOf(SecretBoxError);
    expect(local).toBeInstanceOf(SecretBoxError);
    expect(otherKey).toBeInstanceOf(SecretBoxError);
    expect(otherKey).toHaveProperty('cause.name', 'IncorrectKeyException');
    // Values that are not KMS ciphertexts never reach KMS.
    expect(calls.map((c) => c.target)).toEqual(['TrentService.Decrypt', 'TrentService.Decrypt']);
  });

  it('lets an access or availability error through as itself, not as a bad secret', async () => {
    // Prepare
    const box = new KmsSecretBox({ client: client(), keyId: KEY_ID });
    const sealed = await box.seal('whsec_secret', context);
    denyNext = true;
    // Act
    const error = await errorOf(box.open(sealed, context));
    // Assess
    expect(error).toHaveProperty('name', 'AccessDeniedException');
    expect(error).not.toBeInstanceOf(SecretBoxError);
  });

  it('refuses a secret larger than KMS takes, without calling it', async () => {
    calls.length = 0;
    const box = new KmsSecretBox({ client: client(), keyId: KEY_ID });
    await expect(box.seal('x'.repeat(4097), context)).rejects.toBeInstanceOf(SecretBoxError);
    expect(calls).toEqual([]);
  });
});

describe('makeKmsSecretBox', () => {
  it('builds one KMS client per container and uses it', async () => {
    // Prepare: the default credential chain, as in Lambda, from the environment.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDTEST');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    // Act
    const first = makeKmsSecretBox({ region: 'eu-west-1', keyId: KEY_ID, endpoint });
    const second = makeKmsSecretBox({ region: 'eu-west-1', keyId: KEY_ID, endpoint });
    const opened = await second.open(await first.seal('whsec_secret', context), context);
    vi.unstubAllEnvs();
    // Assess
    expect(first.options.client).toBe(second.options.client);
    expect(opened).toBe('whsec_secret');
  });

  it('reads SECRET_KEY_ID, naming it when missing', () => {
    expect(secretKeyIdFromEnv({ SECRET_KEY_ID: ' alias/touchstone ' })).toBe('alias/touchstone');
    expect(() => secretKeyIdFromEnv({})).toThrow(ConfigError);
    expect(() => secretKeyIdFromEnv({})).toThrow('SECRET_KEY_ID');
  });
});
