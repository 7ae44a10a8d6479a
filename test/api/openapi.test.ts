import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { OPENAPI_FILE, openApiDocument } from '#lib/api/build-openapi.ts';

describe('the OpenAPI document', () => {
  it('is the one generated from the current routes (run `npm run build:openapi` after changing a route)', () => {
    const committed = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('is valid OpenAPI 3.1 by the standard schema (@seriousme/openapi-schema-validator)', async () => {
    // Act
    const result = await new Validator().validate(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')));
    // Assess
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents the push and import bodies, with the survey-score mapping', () => {
    // Prepare
    const doc = openApiDocument();
    const push = z
      .object({
        requestBody: z.object({
          content: z.object({
            'application/json': z.object({
              schema: z.object({
                properties: z.object({
                  items: z.object({ items: z.object({ required: z.array(z.string()) }) }),
                }),
              }),
            }),
          }),
        }),
      })
      .parse(doc.paths['/v1/push/{publicId}/{sourceId}']?.post);
    const importBody = JSON.stringify(doc.paths['/v1/brands/{brandId}/sources/{sourceId}/import']?.post);
    // Assess
    expect(push.requestBody.content['application/json'].schema.properties.items.items.required).toEqual(
      expect.arrayContaining(['externalId', 'text', 'publishedAt']),
    );
    expect(Object.keys(JSON.parse(importBody).requestBody.content)).toEqual([
      'text/csv',
      'application/json',
      'application/x-ndjson',
    ]);
    expect(importBody).toContain('nps 0-10');
    expect(importBody).toContain('csat 1-5');
    expect(importBody).toContain('ces 1-7');
    expect(importBody).toContain('touchpoint');
  });
});
