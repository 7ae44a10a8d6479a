import { webhookForAws } from '#lib/compose/webhook.ts';

export const handler = webhookForAws();
