import { describe, expect, it } from 'vitest';
import { runLoad } from '#bench/load.ts';
import { dynamoEnv } from '#test/support/deps.ts';

/**
 * `npm run bench:load` reduced (10 connections × 2 s, one round) on the shared
 * DynamoDB Local: every route answers without an error and serves some
 * requests. No timing threshold: the full run prints the figures and targets.
 */
describe('bench:load, reduced', () => {
  it('serves the badge, read and signed-push routes under load with 0 errors', async () => {
    // Act
    const results = await runLoad({ connections: 10, seconds: 2, rounds: 1, env: dynamoEnv() });
    // Assess
    expect(results).toHaveLength(3);
    for (const r of results) {
      expect(r.target.errors, r.name).toBe(0);
      expect(r.health.errors, r.name).toBe(0);
      expect(r.target.requests, r.name).toBeGreaterThan(0);
      expect(r.target.requestsPerSecond, r.name).toBeGreaterThan(0);
    }
  }, 120_000);
});
