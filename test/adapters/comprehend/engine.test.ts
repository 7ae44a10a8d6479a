import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  ComprehendSentimentEngine,
  chunkText,
  combineChunks,
  comprehendUnits,
  makeSentimentEngine,
} from '#lib/adapters/comprehend/engine.ts';

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

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
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
    expect(out[30]).toMatchObject({ label: 'positive', engine: 'touchstone-lexicon' });
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

  it('retries throttling with backoff', async () => {
    throttleNext = 2;
    const delays: number[] = [];
    const engine = new ComprehendSentimentEngine({
      client: client(),
      sleep: async (ms) => void delays.push(ms),
      random: () => 0.5,
    });
    const [result] = await engine.score([{ text: 'Lovely', language: 'en' }]);
    expect(result?.label).toBe('positive');
    expect(delays).toEqual([50, 100]);
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
