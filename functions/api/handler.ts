import { apiForAws } from '#lib/compose/api.ts';

export const handler = apiForAws();
