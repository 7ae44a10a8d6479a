/** Parameters of the push-only source kinds, which have no pull connector. */
import * as z from 'zod';

const Column = z.string().min(1).max(100);

/** Parameters of an `import` source: how columns map to review fields. */
export const ImportParams = z.object({
  mapping: z
    .object({
      id: Column,
      text: Column,
      title: Column,
      rating: Column,
      ratingScale: Column,
      ratingMin: Column,
      author: Column,
      authorId: Column,
      authorReviewCount: Column,
      publishedAt: Column,
      verified: Column,
      language: Column,
      url: Column,
      touchpoint: Column,
      score: z.object({ column: Column, kind: z.enum(['nps', 'csat', 'ces']) }),
    })
    .partial()
    .default({}),
});

/** Parameters of a `webhook` source: the shared HMAC secret. */
export const WebhookParams = z.object({
  secret: z.string().min(32, 'use at least 32 characters').max(200),
});

export const PUSH_PARAMS = { import: ImportParams, webhook: WebhookParams } as const;
