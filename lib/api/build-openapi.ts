/**
 * `npm run build:openapi`: writes the OpenAPI document of every route (the
 * API's and the public badge routes) to `openapi.generated.json`, which the API
 * serves as is. Run after changing a route; a test fails while it is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildOpenApi } from './openapi.ts';
import { badgeRoutes } from './routes/badges.ts';
import { apiRoutes } from './routes/index.ts';

export const OPENAPI_FILE = fileURLToPath(new URL('./openapi.generated.json', import.meta.url));

export function openApiDocument() {
  return buildOpenApi([...apiRoutes, ...badgeRoutes]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(OPENAPI_FILE, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
  console.log(`wrote ${OPENAPI_FILE}`);
}
