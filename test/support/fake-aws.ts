/**
 * AWS's SQS, KMS, Secrets Manager, S3 and SES (v2 SendEmail) endpoints, as the real SDK clients
 * call them (JSON and REST protocols), answered on loopback with responses in
 * each service's documented shape. Lets the deployable bundles run their AWS
 * compositions in a test: point `AWS_ENDPOINT_URL_<SERVICE>` (or the queue URL)
 * here, and read back what they sent.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface FakeAws {
  url: string;
  /** Message bodies sent to any queue, in order. */
  sent: string[];
  /** The same messages with the queue each went to. */
  messages: Array<{ queueUrl: string; body: string; delaySeconds?: number }>;
  /** SendEmail requests, as sent. */
  mails: Array<Record<string, unknown>>;
  objects: Map<string, string>;
  secret: Record<string, string>;
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function json(response: ServerResponse, status: number, body: unknown, type = 'application/x-amz-json-1.1') {
  response.writeHead(status, { 'content-type': type });
  response.end(JSON.stringify(body));
}

export async function startFakeAws(): Promise<FakeAws> {
  const sent: string[] = [];
  const messages: FakeAws['messages'] = [];
  const mails: FakeAws['mails'] = [];
  const objects = new Map<string, string>();
  const secret: Record<string, string> = {};
  // The asymmetric KMS key badges are signed with (ECC_NIST_EDWARDS25519); its private half stays here.
  const signing = generateKeyPairSync('ed25519');
  const server = createServer(async (request, response) => {
    const body = await bodyOf(request);
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string') {
      const input = JSON.parse(body || '{}') as Record<string, unknown>;
      switch (target) {
        case 'AmazonSQS.SendMessageBatch': {
          const entries = (input.Entries ?? []) as Array<{
            Id: string;
            MessageBody: string;
            DelaySeconds?: number;
          }>;
          sent.push(...entries.map((e) => e.MessageBody));
          messages.push(
            ...entries.map((e) => ({
              queueUrl: String(input.QueueUrl),
              body: e.MessageBody,
              ...(e.DelaySeconds === undefined ? {} : { delaySeconds: e.DelaySeconds }),
            })),
          );
          return json(
            response,
            200,
            {
              Successful: entries.map((e, k) => ({
                Id: e.Id,
                MessageId: `m-${sent.length - entries.length + k + 1}`,
                MD5OfMessageBody: createHash('md5').update(e.MessageBody).digest('hex'),
              })),
              Failed: [],
            },
            'application/x-amz-json-1.0',
          );
        }
        case 'TrentService.Encrypt': {
          // Not encryption: a reversible envelope that binds the context, as KMS does.
          const blob = Buffer.from(
            JSON.stringify({ c: input.EncryptionContext ?? {}, p: input.Plaintext }),
          ).toString('base64');
          return json(response, 200, {
            CiphertextBlob: blob,
            KeyId: input.KeyId,
            EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
          });
        }
        case 'TrentService.Decrypt': {
          const envelope = JSON.parse(Buffer.from(String(input.CiphertextBlob), 'base64').toString('utf8'));
          if (JSON.stringify(envelope.c) !== JSON.stringify(input.EncryptionContext ?? {})) {
            return json(response, 400, { __type: 'InvalidCiphertextException', message: '' });
          }
          return json(response, 200, {
            Plaintext: envelope.p,
            KeyId: input.KeyId,
            EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
          });
        }
        case 'TrentService.GetPublicKey':
          return json(response, 200, {
            KeyId: input.KeyId,
            KeySpec: 'ECC_NIST_EDWARDS25519',
            KeyUsage: 'SIGN_VERIFY',
            SigningAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'],
            PublicKey: signing.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
          });
        case 'TrentService.Sign': {
          // KMS takes pure Ed25519 only over a RAW message of at most 4,096 bytes.
          const message = Buffer.from(String(input.Message), 'base64');
          if (
            input.SigningAlgorithm !== 'ED25519_SHA_512' ||
            input.MessageType !== 'RAW' ||
            message.length > 4096
          ) {
            return json(response, 400, {
              __type: 'ValidationException',
              message: 'unsupported signing request',
            });
          }
          return json(response, 200, {
            KeyId: input.KeyId,
            SigningAlgorithm: 'ED25519_SHA_512',
            Signature: sign(null, message, signing.privateKey).toString('base64'),
          });
        }
        case 'secretsmanager.GetSecretValue':
          return json(response, 200, {
            ARN: String(input.SecretId),
            Name: 'connectors',
            SecretString: JSON.stringify(secret),
          });
        default:
          return json(response, 400, { __type: 'UnknownOperationException', message: target });
      }
    }
    // SES v2 (REST JSON).
    if (request.method === 'POST' && (request.url ?? '').startsWith('/v2/email/outbound-emails')) {
      mails.push(JSON.parse(body || '{}'));
      return json(response, 200, { MessageId: `mail-${mails.length}` }, 'application/json');
    }
    // S3, path style: /{bucket}/{key}
    const key = decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/');
    if (request.method === 'PUT') {
      objects.set(key, body);
      response.writeHead(200, { etag: '"0"' });
      return response.end();
    }
    const object = objects.get(key);
    if (request.method === 'HEAD') {
      response.writeHead(object === undefined ? 404 : 200, {
        'content-length': String(object === undefined ? 0 : Buffer.byteLength(object)),
      });
      return response.end();
    }
    if (request.method === 'GET' && object !== undefined) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      return response.end(object);
    }
    response.writeHead(404, { 'content-type': 'application/xml' });
    response.end(
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  return {
    url,
    sent,
    messages,
    mails,
    objects,
    secret,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
