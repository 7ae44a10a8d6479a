import { dispatchForAws } from '#lib/compose/dispatch.ts';

export const handler = dispatchForAws();
