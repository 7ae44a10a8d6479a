import { badgeForAws } from '#lib/compose/badge.ts';

export const handler = badgeForAws();
