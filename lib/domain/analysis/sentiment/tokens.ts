/**
 * The scorer's tokeniser: emoticons, words (with inner apostrophes), emoji and
 * the punctuation that bounds clauses. Run over lower-cased text; one regex
 * pass, no per-token regex afterwards.
 */
const TOKEN =
  /(?:>:\(|:'\(|[:;]-?(?:[()dp]|\/(?!\/))|\(:|<3)|[\p{L}\p{M}\p{N}_]+(?:'[\p{L}_]+)*|\p{Extended_Pictographic}|[!?]|[,.;:]/gu;

export const KIND_WORD = 0;
export const KIND_SYMBOL = 1;
export const KIND_BANG = 2;
export const KIND_QUESTION = 3;
/** Ends a sentence: . ; (and ! ? which also carry emphasis). */
export const KIND_STOP = 4;
/** Ends a clause: , : */
export const KIND_COMMA = 5;

export interface Tokens {
  /** Lower-cased token text. */
  text: string[];
  kind: number[];
  /** Offset in the source text, for looking at the original capitals. */
  start: number[];
}

function kindOf(token: string): number {
  const c = token.charCodeAt(0);
  if (token.length === 1) {
    if (c === 0x21) return KIND_BANG;
    if (c === 0x3f) return KIND_QUESTION;
    if (c === 0x2e || c === 0x3b) return KIND_STOP;
    if (c === 0x2c || c === 0x3a) return KIND_COMMA;
  }
  // Letters, digits or underscore start a word; anything else is an emoticon or emoji.
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || c === 0x5f) return KIND_WORD;
  if (c < 0x80) return KIND_SYMBOL;
  return /^[\p{L}\p{M}\p{N}]/u.test(token) ? KIND_WORD : KIND_SYMBOL;
}

/** Lower-cases once (normalising ’ to ') and tokenises. */
export function tokenize(text: string): Tokens {
  let lower = text.toLowerCase();
  if (lower.includes('’')) lower = lower.replace(/’/g, "'");
  // toLowerCase can change lengths (rarely: İ); offsets then only serve capitals, which we skip.
  const aligned = lower.length === text.length;
  const out: Tokens = { text: [], kind: [], start: [] };
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(lower); m !== null; m = TOKEN.exec(lower)) {
    const token = m[0];
    out.text.push(token);
    out.kind.push(kindOf(token));
    out.start.push(aligned ? m.index : -1);
  }
  return out;
}

/** Word tokens of a short phrase, as the tokeniser would produce them. */
export function phraseWords(phrase: string): string[] {
  return tokenize(phrase).text;
}
