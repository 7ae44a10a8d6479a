import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE, openApiDocument } from '#lib/api/build-openapi.ts';

describe('the OpenAPI document', () => {
  it('is the one generated from the current routes (run `npm run build:openapi` after changing a route)', () => {
    const committed = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });
});
