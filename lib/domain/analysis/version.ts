/**
 * Version of the built-in analysis engine (model weights, lexicons and rules).
 * Bump it whenever any of them changes, so stored analyses can be told apart
 * and re-analysed. Format: year.month-revision.
 */
export const ENGINE_VERSION = '2026.12-1';

/** The `engine` value the built-in sentiment scorer puts on its results. */
export const LOCAL_ENGINE = `touchstone-${ENGINE_VERSION}`;
