import { reportForAws } from '#lib/compose/report.ts';

export const handler = reportForAws();
