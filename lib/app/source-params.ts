/**
 * Each source kind's parameter schema, for validating a source at creation
 * without running it.
 * TODO(merge): the schemas move into lib/domain/sources/params.ts, so the API
 * no longer imports connector modules.
 */
import type { z } from 'zod';
import { connectorFor } from '#lib/adapters/connectors/registry.ts';
import type { SourceKind } from '#lib/domain/model.ts';
import { PUSH_PARAMS } from '#lib/domain/sources/push-params.ts';

export function paramsSchemaFor(kind: SourceKind): z.ZodType | undefined {
  return kind === 'import' || kind === 'webhook' ? PUSH_PARAMS[kind] : connectorFor(kind)?.params;
}
