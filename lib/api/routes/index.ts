/**
 * Route groups. The API function serves `apiRoutes`; the public badge
 * function serves `badgeRoutes` alone (it imports `./badges.ts`, never this
 * file, so the API's schemas stay out of its bundle).
 */
import { brandRoutes } from './brands.ts';
import { keyRoutes } from './keys.ts';
import { metaRoutes } from './meta.ts';
import { pushRoutes } from './push.ts';
import { reportRoutes } from './reports.ts';
import { reviewRoutes } from './reviews.ts';
import { sourceRoutes } from './sources.ts';
import { webhookRoutes } from './webhooks.ts';

export const apiRoutes = [
  ...metaRoutes,
  ...keyRoutes,
  ...brandRoutes,
  ...sourceRoutes,
  ...pushRoutes,
  ...reviewRoutes,
  ...reportRoutes,
  ...webhookRoutes,
];
