import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { AWS_RETRY } from '#lib/adapters/aws-retry.ts';
import {
  ComprehendSentimentEngine,
  ComprehendThrottledError,
  chunkText,
  combineChunks,
  comprehendClientConfig,
  comprehendUnits,
  makeSentimentEngine,
} from '#lib/adapters/comprehend/engine.ts';
import { LOCAL_ENGINE } from '#lib/domain/analysis/version.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/comprehend/${name}`, import.meta.url), 'utf8');
const Recorded = z.object({
  ResultList: z.array(
    z.object({ Index: z.number(), Sentiment: z.string(), SentimentScore: z.record(z.string(), z.number()) }),
  ),
});
const Request = z.object({ TextList: z.array(z.string()), LanguageCode: z.string() });
const recorded = Recorded.parse(JSON.parse(fixture('batch-detect-sentiment.json')));
const [POS, NEG] = recorded.ResultList;

let server: Server;
let endpoint = '';
const calls: Array<z.infer<typeof Request>> = [];
let throttleNext = 0;
let requests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      requests++;
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (throttleNext > 0) {
        throttleNext--;
        res.statusCode = 400;
        res.end(fixture('throttling.json'));
        return;
      }
      const request = Request.parse(JSON.parse(body));
      calls.push(request);
      // Replays the recorded result shapes: texts mentioning "bad" get the negative one.
      const ResultList = request.TextList.map((t, Index) => ({ ...(/bad/i.test(t) ? NEG : POS), Index }));
      res.end(JSON.stringify({ ResultList, ErrorList: [] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  endpoint = `http://127.0.0.1:${address.port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const client = () =>
  new ComprehendClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });

describe('ComprehendSentimentEngine through the real SDK client', () => {
  it('batches 25 documents a call, routes unsupported languages to the local scorer and counts units', async () => {
    // Prepare
    calls.length = 0;
    const engine = new ComprehendSentimentEngine({ client: client() });
    const docs = [
      ...Array.from({ length: 30 }, (_, i) => ({
        text: i % 2 === 0 ? 'Lovely stay' : 'Really bad food',
        language: 'en',
      })),
      { text: 'Świetna obsługa, polecam!', language: 'pl' },
    ];
    // Act
    const out = await engine.score(docs);
    // Assess
    expect(calls.map((c) => c.TextList.length)).toEqual([25, 5]);
    expect(out[0]).toMatchObject({ label: 'positive', engine: 'comprehend' });
    expect(out[1]).toMatchObject({ label: 'negative' });
    expect(out[30]).toMatchObject({ label: 'positive', engine: LOCAL_ENGINE });
    expect(engine.unitsUsed).toBe(30 * 3);
  });

  it('chunks long reviews and combines the chunk results', async () => {
    calls.length = 0;
    const engine = new ComprehendSentimentEngine({ client: client() });
    const long = `${'The room was lovely and quiet. '.repeat(20)}${'The food was bad. '.repeat(20)}`;
    const [result] = await engine.score([{ text: long, language: 'en' }]);
    expect(calls[0]?.TextList.length).toBeGreaterThan(1);
    expect(calls[0]?.TextList.every((t) => t.length <= 500)).toBe(true);
    expect(result?.score).toBeGreaterThan(-1);
    expect(result?.score).toBeLessThan(1);
  });

  it('retries throttling in the SDK client only (adaptive mode), then sends nothing more', async () => {
    // Prepare
    requests = 0;
    throttleNext = 2;
    const engine = new ComprehendSentimentEngine({
      client: new ComprehendClient(
        comprehendClientConfig({ endpoint, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' } }),
      ),
    });

    // Act
    const [result] = await engine.score([{ text: 'Lovely', language: 'en' }]);

    // Assess: two throttled attempts and the third succeeds, all inside one SDK call.
    expect(result?.label).toBe('positive');
    expect(requests).toBe(3);
    expect(comprehendClientConfig()).toMatchObject({
      retryMode: 'adaptive',
      maxAttempts: AWS_RETRY.comprehend.maxAttempts,
    });
  });

  it("gives up after the SDK's attempts, not attempts times an outer loop", async () => {
    // Prepare
    requests = 0;
    throttleNext = 100;
    const engine = new ComprehendSentimentEngine({
      client: new ComprehendClient(
        comprehendClientConfig({
          endpoint,
          credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' },
          maxAttempts: 3,
        }),
      ),
    });

    // Act
    const attempt = engine.score([{ text: 'Lovely', language: 'en' }]);

    // Assess: exactly maxAttempts requests (before: 6 loop rounds x 3 SDK attempts = 18).
    await expect(attempt).rejects.toBeInstanceOf(ComprehendThrottledError);
    expect(requests).toBe(3);
    throttleNext = 0;
  });

  it('the factory builds each engine choice', async () => {
    expect(makeSentimentEngine('local').name).toBe('local');
    const auto = makeSentimentEngine('auto', {
      endpoint,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' },
    });
    const [s] = await auto.score([{ text: 'Lovely', language: 'en' }]);
    expect(s?.engine).toBe('comprehend');
  });
});

describe('helpers', () => {
  it('comprehendUnits bills 100 characters a unit, 3 minimum', () => {
    expect(comprehendUnits('short')).toBe(3);
    expect(comprehendUnits('x'.repeat(450))).toBe(5);
  });

  it('chunkText keeps chunks within 500 characters and 5,000 bytes', () => {
    const chunks = chunkText('Ζ'.repeat(1200));
    expect(chunks.every((c) => c.length <= 500 && Buffer.byteLength(c) <= 5000)).toBe(true);
    expect(chunks.join('')).toBe('Ζ'.repeat(1200));
  });

  it('combineChunks weights by length', () => {
    const s = combineChunks([
      { weight: 300, scores: { positive: 1, negative: 0, neutral: 0, mixed: 0 } },
      { weight: 100, scores: { positive: 0, negative: 1, neutral: 0, mixed: 0 } },
    ]);
    expect(s).toEqual({ label: 'positive', score: 0.5, engine: 'comprehend' });
  });
});
