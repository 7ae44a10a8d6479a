import type { Server } from 'node:http';
import type { ApiDeps } from '#lib/api/routes/shared.ts';
import { type ApiExtras, makeApiHandler } from '#lib/compose/api.ts';
import { localUploads } from '#lib/local/uploads.ts';
import { startHttpServer } from '#lib/runtime/node-http.ts';

/** Serves the API Lambda handler over real loopback HTTP, as `npm start` does (with its local uploads). */
export async function serveApi(
  deps: ApiDeps,
  extras: ApiExtras = {},
): Promise<{ base: string; server: Server; close(): Promise<void> }> {
  const server = await startHttpServer(
    makeApiHandler(deps, extras),
    0,
    '127.0.0.1',
    localUploads(deps.blobs, deps.clock),
  );
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  return { base, server, close: () => new Promise<void>((r) => server.close(() => r())) };
}
