// vader-sentiment ships no types; its lexicon is parsed with zod where it is used.
declare module 'vader-sentiment/src/vader_lexicon.js' {
  export const lexicon: unknown;
}
