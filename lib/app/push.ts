/**
 * Reviews pushed to us rather than pulled: CSV/JSON uploads of survey
 * verbatims (with an API key) and signed webhook calls from other tools.
 */

import type { Principal } from '#lib/app/auth.ts';
import { getOwnedBrand } from '#lib/app/brands.ts';
import type { Deps } from '#lib/app/deps.ts';
import { type StoreCounts, storeRawItems } from '#lib/app/ingest.ts';
import { NotFoundError, UnauthorizedError, ValidationError } from '#lib/domain/errors.ts';
import { type ImportFormat, parseImport } from '#lib/domain/import-rows.ts';
import type { Source } from '#lib/domain/model.ts';
import { ImportParams, WebhookParams } from '#lib/domain/sources/push-params.ts';
import { verifyWebhook, WebhookPayload } from '#lib/domain/webhook-signature.ts';

async function pushSource(deps: Pick<Deps, 'repo'>, brandId: string, sourceId: string, kind: Source['kind']) {
  const source = await deps.repo.getSource(brandId, sourceId);
  if (source === undefined || source.kind !== kind) {
    throw new NotFoundError(`Brand ${brandId} has no ${kind} source ${sourceId}`);
  }
  return source;
}

export interface ImportOutcome extends StoreCounts {
  errors: { row: number; message: string }[];
}

export async function importItems(
  deps: Deps,
  principal: Principal,
  brandId: string,
  sourceId: string,
  format: ImportFormat,
  body: string,
): Promise<ImportOutcome> {
  const brand = await getOwnedBrand(deps, principal, brandId);
  const source = await pushSource(deps, brandId, sourceId, 'import');
  const params = ImportParams.parse(source.params);
  const now = deps.clock.now();
  const parsed = parseImport(body, format, params.mapping, now);
  if (parsed.items.length === 0 && parsed.errors.length > 0 && parsed.errors.every((e) => e.row === 0)) {
    throw ValidationError.field('body', parsed.errors[0]?.message ?? 'unreadable');
  }
  const counts = await storeRawItems(deps, brand, source, parsed.items, now);
  return { ...counts, fetched: counts.fetched + parsed.errors.length, errors: parsed.errors };
}

/** A signed webhook call: the signature is the only credential, checked before anything is parsed. */
export async function receiveWebhook(
  deps: Deps,
  brandId: string,
  sourceId: string,
  headers: Record<string, string | undefined>,
  body: string,
): Promise<StoreCounts> {
  const source = await deps.repo.getSource(brandId, sourceId);
  const params = source?.kind === 'webhook' ? WebhookParams.safeParse(source.params) : undefined;
  // Unknown source and bad signature look the same from outside.
  const verification = params?.success
    ? verifyWebhook(params.data.secret, headers, body, deps.clock.now())
    : undefined;
  if (source === undefined || verification === undefined || !verification.ok) {
    throw new UnauthorizedError(
      `Webhook signature refused${verification?.ok === false ? `: ${verification.reason}` : ''}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new ValidationError([{ field: 'body', message: 'is not valid JSON' }], { cause: error });
  }
  const payload = WebhookPayload.safeParse(json);
  if (!payload.success) throw ValidationError.fromZod('body', payload.error);
  const brand = await deps.repo.getBrand(brandId);
  if (brand === undefined) throw new NotFoundError(`Brand ${brandId} was not found`);
  return storeRawItems(deps, brand, source, payload.data.items, deps.clock.now());
}
