import { describe, expect, it } from 'vitest';
import { LocalSentimentEngine } from '#lib/adapters/local/sentiment.ts';
import { makeAnalyzer } from '#lib/app/analyze.ts';
import { makeIngest } from '#lib/compose/ingest.ts';
import { lambdaContext } from '#lib/runtime/node-http.ts';
import { makeTestDeps } from '#test/support/deps.ts';
import { aBrand, anItem, TENANT } from '#test/support/fixtures.ts';

/**
 * Issue 13, "Partial batches": an SQS batch of ten with poison records at
 * positions 3 and 7 (1-based) through the ingest Lambda handler reports
 * exactly those two as batch item failures. SQS then redelivers only them,
 * and after maxReceives moves them to the DLQ; the eight good records are done.
 */
describe('a partial batch through the ingest handler', () => {
  it('reports exactly the poison records at positions 3 and 7 as batchItemFailures', async () => {
    // Prepare
    const deps = await makeTestDeps({ analyze: makeAnalyzer(new LocalSentimentEngine()) });
    await deps.repo.createBrand(aBrand());
    const ids = Array.from({ length: 8 }, (_, k) => `item-${k}`);
    for (const [k, id] of ids.entries()) {
      await deps.repo.upsertItem(anItem({ id, externalId: `r-${k}`, contentHash: `h-${k}` }));
    }
    const good = ids.map((id) =>
      JSON.stringify({ kind: 'analyse', tenantId: TENANT, brandId: 'acme', itemIds: [id] }),
    );
    const poison = [
      '{"kind":"analyse","tenantId":"tenant-a","brandId":"acme","itemIds":"not-a-list"',
      JSON.stringify({ kind: 'explode', tenantId: TENANT, brandId: 'acme' }),
    ];
    const bodies = [...good.slice(0, 2), poison[0], ...good.slice(2, 5), poison[1], ...good.slice(5)];
    const event = {
      Records: bodies.map((body, k) => ({
        messageId: `m-${k + 1}`,
        body,
        attributes: { ApproximateReceiveCount: '1' },
      })),
    };
    // Act
    const result = await makeIngest(deps)(event, lambdaContext('ingest', 300_000));
    const analysed = await deps.repo.getItems(TENANT, 'acme', ids);
    // Assess
    expect(bodies).toHaveLength(10);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-3' }, { itemIdentifier: 'm-7' }] });
    expect(analysed.filter((i) => i.analysis !== undefined)).toHaveLength(8);
  });
});
