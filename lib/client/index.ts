/**
 * The typed TypeScript client of the Touchstone API, generated from
 * `lib/api/openapi.generated.json` by @hey-api/openapi-ts (`npm run
 * build:client`, offline, into `./generated`; a test fails while it is
 * stale). One function per operation, named by method and path
 * (`getV1BrandsByBrandIdReviews`), typed request and answer.
 *
 *     const api = touchstoneClient('http://127.0.0.1:3000', key);
 *     const { data } = await getV1BrandsByBrandIdReviews({ client: api, path: { brandId: 'demo' },
 *       query: { sentiment: 'negative', limit: 10 } });
 */
import { type Client, createClient, createConfig } from './generated/client/index.js';

export * from './generated/index.js';
export type { Client };

/** A client for one Touchstone API at `baseUrl`, sending `apiKey` as `Authorization: Bearer`. */
export function touchstoneClient(
  baseUrl: string,
  apiKey?: string,
  options: { headers?: Record<string, string>; fetch?: typeof fetch } = {},
): Client {
  return createClient(
    createConfig({
      baseUrl,
      ...(apiKey === undefined ? {} : { auth: apiKey }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    }),
  );
}
