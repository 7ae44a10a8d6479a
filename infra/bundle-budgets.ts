/**
 * Bundle budgets per Lambda function (minified bytes, and init time in a fresh
 * Node process). `npm run bench:bundles` prints each figure next to these; a
 * test fails when a bundle is more than 10% over its size budget (sizes only:
 * times depend on the machine and are for the benchmark).
 */
export interface BundleBudget {
  /** Minified bundle size, bytes (index.mjs, without its source map). */
  bytes: number;
  /** Import and composition at cold start, milliseconds. */
  initMs: number;
}

const KB = 1000;
const MB = 1000 * KB;

export const BUNDLE_BUDGETS: Record<string, BundleBudget> = {
  api: { bytes: 1.2 * MB, initMs: 120 },
  dispatch: { bytes: 1 * MB, initMs: 120 },
  ingest: { bytes: 8 * MB, initMs: 500 },
  // The budget. Powertools Logger + Metrics (request id in every line, the BadgeRenders metric) add
  // ~36 KB and put the badge at ~482 KB: over, within the size test's 10%, and printed as MISSED.
  badge: { bytes: 450 * KB, initMs: 80 },
  report: { bytes: 1 * MB, initMs: 500 },
  webhook: { bytes: 650 * KB, initMs: 120 },
};

/** How far over its size budget a bundle may be before the size test fails. */
export const SIZE_TOLERANCE = 0.1;
