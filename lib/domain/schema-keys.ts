/** What keys an object schema declares: for refusing unknown fields instead of dropping them silently. */
import type { z } from 'zod';

/** The keys an object schema declares (through defaults, optionals and pipes), or undefined when it is not one. */
export function objectKeys(schema: z.core.$ZodType | undefined): Set<string> | undefined {
  const def = (
    schema as
      | {
          _zod?: {
            def?: {
              type?: string;
              shape?: Record<string, unknown>;
              in?: z.core.$ZodType;
              innerType?: z.core.$ZodType;
            };
          };
        }
      | undefined
  )?._zod?.def;
  if (def === undefined) return undefined;
  if (def.type === 'pipe') return objectKeys(def.in);
  if (def.type === 'default' || def.type === 'optional' || def.type === 'prefault')
    return objectKeys(def.innerType);
  return def.type === 'object' && def.shape !== undefined ? new Set(Object.keys(def.shape)) : undefined;
}

/** Keys of `value` the schema does not declare (none when the schema is not an object schema). */
export function unknownKeys(schema: z.core.$ZodType | undefined, value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const known = objectKeys(schema);
  return known === undefined ? [] : Object.keys(value).filter((name) => !known.has(name));
}
