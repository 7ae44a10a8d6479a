import { fold } from '../automaton.ts';
import { phraseWords, type Tokens, tokenize } from './tokens.ts';

/**
 * Phrases that decide a review's verdict: "I don't recommend it" and "I
 * advise against it", in en, pl, sl, el, de, fr, es (and it). A review that
 * says one is negative, whatever else it praises, so the scorer makes it
 * strongly negative. Hand-written from general knowledge of each language.
 */
export type Verdict = 'not-recommend' | 'advise-against';

const PHRASES: Record<Verdict, string> = {
  'not-recommend': [
    "not recommend|don't recommend|dont recommend|do not recommend|wouldn't recommend|would not recommend|can't recommend|cannot recommend|can not recommend|couldn't recommend|could not recommend|won't recommend|will not recommend|never recommend|not recommended|not be recommending|i do not recommend|no recommendation",
    'nie polecam|nie polecamy|nie do polecenia|nikomu nie polecam|nie poleciłbym|nie poleciłabym|nie polecałbym|nie polecam nikomu|nie warto kupować|nie kupujcie',
    'ne priporočam|ne priporočamo|nikomur ne priporočam|ni priporočljivo|ne bi priporočil|ne bi priporočila|ne kupujte',
    'δεν το συνιστώ|δεν τα συνιστώ|δεν συνιστώ|δεν το συνιστούμε|δεν το προτείνω|δεν τα προτείνω|δεν προτείνω|δεν σας το προτείνω|δεν το συστήνω|δεν συστήνω|δεν τους συστήνω|δεν τους προτείνω|δεν το συνιστω',
    'nicht zu empfehlen|nicht empfehlenswert|nicht empfehlen|nicht weiterempfehlen|nicht weiter empfehlen|keine empfehlung|keine kaufempfehlung|nicht kaufen',
    "je ne recommande pas|ne recommande pas|je ne le recommande pas|ne le recommande pas|ne la recommande pas|ne les recommande pas|je ne recommande absolument pas|ne recommande absolument pas|pas recommandé|pas à recommander|je ne conseille pas|ne conseille pas|ne le conseille pas|n'achetez pas",
    'no lo recomiendo|no la recomiendo|no los recomiendo|no las recomiendo|no recomiendo|no se lo recomiendo|no te lo recomiendo|no es recomendable|nada recomendable|no recomendable|no lo recomendaría|no recomendaría|no lo compren|no compren',
    'non lo consiglio|non la consiglio|non consiglio|non lo raccomando|sconsigliato|non comprate',
  ].join('|'),
  'advise-against': [
    "advise against|advise anyone against|stay away|steer clear|avoid at all costs|avoid like the plague|please avoid|just avoid|definitely avoid|i would avoid|would avoid|avoid avoid|do not buy|don't buy|dont buy|don't waste your|do not waste your|save your money",
    'odradzam|odradzamy|zdecydowanie odradzam|omijać szerokim łukiem|omijajcie|unikajcie|szkoda pieniędzy|szkoda kasy',
    'odsvetujem|odsvetujemo|izogibajte se|izogibajte|na daleč|ne zapravljajte',
    'αποφύγετε|αποφυγετε|να το αποφύγετε|μείνετε μακριά|κρατηθείτε μακριά|μην το αγοράσετε|μην αγοράσετε|μην τα αγοράσετε|μην πάτε|μακριά από αυτό',
    'abzuraten|abraten|rate ab|rate ich ab|rate davon ab|rate dringend ab|rate dringend davon ab|rate jedem davon ab|rate allen davon ab|raten ab|raten davon ab|abgeraten|finger weg|hände weg',
    "je déconseille|déconseille|déconseillé|déconseillée|à éviter|fuyez|passez votre chemin|n'y allez pas",
    'desaconsejo|desaconsejamos|desaconsejable|evítenlo|evitadlo|evitar a toda costa|huyan|huid|no vayan',
    'sconsiglio|sconsigliamo|evitate|state alla larga|alla larga',
  ].join('|'),
};

/** "can't recommend it enough" is praise. */
const ENOUGH = new Set(['enough']);
/** Words after a not-recommend phrase that turn it into praise ("can't recommend them more highly"). */
const PRAISE_WINDOW = 5;

interface Node {
  next: Map<string, Node>;
  verdict: Verdict | undefined;
}

function node(): Node {
  return { next: new Map(), verdict: undefined };
}

/** Greek tokens folded like the automaton folds text (accents, final sigma); others as they are. */
function foldToken(token: string): string {
  for (let i = 0; i < token.length; i++) if (token.charCodeAt(i) >= 0x370) return fold(token);
  return token;
}

let trie: Node | undefined;

/** A token trie of the phrases: one Map look-up per token, on the tokens the scorer already has. */
function phraseTrie(): Node {
  if (trie !== undefined) return trie;
  const root = node();
  for (const [verdict, list] of Object.entries(PHRASES)) {
    for (const phrase of list.split('|')) {
      let at = root;
      for (const word of phraseWords(phrase)) {
        const key = foldToken(word);
        let to = at.next.get(key);
        if (to === undefined) {
          to = node();
          at.next.set(key, to);
        }
        at = to;
      }
      at.verdict ??= verdict as Verdict;
    }
  }
  trie = root;
  return root;
}

/** The first verdict phrase in a tokenised text, and the tokens that make it; undefined if none. */
export function verdictOfTokens(tokens: Tokens): { verdict: Verdict; phrase: string } | undefined {
  const root = phraseTrie();
  const words = tokens.text;
  const n = words.length;
  for (let i = 0; i < n; i++) {
    let at = root.next.get(foldToken(words[i] ?? ''));
    let end = i;
    let found: Verdict | undefined;
    let foundEnd = i;
    while (at !== undefined) {
      if (at.verdict !== undefined) {
        found = at.verdict;
        foundEnd = end;
      }
      end++;
      if (end >= n) break;
      at = at.next.get(foldToken(words[end] ?? ''));
    }
    if (found === undefined) continue;
    if (found === 'not-recommend') {
      let praise = false;
      for (let k = foundEnd + 1; k < n && k <= foundEnd + PRAISE_WINDOW; k++)
        if (ENOUGH.has(words[k] ?? '')) praise = true;
      if (praise) continue;
    }
    return { verdict: found, phrase: words.slice(i, foundEnd + 1).join(' ') };
  }
  return undefined;
}

/** The first verdict phrase a text contains; undefined if none. */
export function verdictOf(text: string): { verdict: Verdict; phrase: string } | undefined {
  return verdictOfTokens(tokenize(text));
}
