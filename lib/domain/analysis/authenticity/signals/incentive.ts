import type { Signal } from '#lib/domain/model.ts';
import { Automaton, type Match, type Pattern } from '../../automaton.ts';
import { signal } from '../score.ts';

/**
 * Disclosed incentives (FTC 16 CFR 465; the EU Omnibus Directive; Amazon's
 * 2016 ban of incentivised reviews): a free product, a discount, a refund or a
 * payment given for the review. Cue words are found in one automaton pass, in
 * en, pl, sl, el, de, fr, es and it; an admission is two cues close together
 * in one sentence:
 * - an exchange ("in exchange for", "w zamian za") followed by a review word;
 * - "free" or a discount, and a review word, in either order;
 * - a refund or payment right before a review word;
 * - a receiving verb and "free" ("dobil brezplačno", "kostenlos erhalten").
 * Each cue alone is ordinary review talk ("free shipping", "I want a refund").
 */
type Cue = 'exchange' | 'free' | 'gift' | 'refund' | 'review' | 'receive' | 'shipping' | 'stop';

/** Cue words per kind; several languages on one line, folded to lower case. */
const CUES: Record<Cue, string> = {
  // Followed by a review word: "in exchange for my honest review".
  exchange: [
    'in exchange for|in return for|in exchange of',
    'w zamian za|w ramach współpracy',
    'v zameno za|v zameno|v zahvalo za',
    'με αντάλλαγμα|σε αντάλλαγμα|ως αντάλλαγμα',
    'im austausch für|im austausch gegen|als gegenleistung für|gegen eine',
    "en échange d'|en échange de|en contrepartie d'|en contrepartie de|contre un|contre mon",
    'a cambio de',
    'in cambio di|in cambio della|in cambio del',
  ].join('|'),
  // Free of charge: with a receiving verb, or with a review word.
  free: [
    'for free|free of charge|at no cost|at no charge|free product|free sample|complimentary',
    'za darmo|bezpłatnie|gratis|za free',
    'brezplačno|zastonj|brezplačen|brezplačni',
    'δωρεάν|δώρο|χαρίσανε',
    'kostenlos|kostenfrei|umsonst|geschenkt|gratis',
    'gratuitement|gratuit|offert|offerte|gracieusement',
    'gratis|gratuitamente|regalaron|regalado|de regalo',
    'in omaggio|omaggio|gratuitamente|regalato',
  ].join('|'),
  // A price cut: with a review word ("a 20% discount for writing this review").
  gift: [
    'discount|discounted|coupon|voucher|gift card|promo code',
    'rabat|rabatu|zniżkę|zniżka|zniżki|kod rabatowy|bon rabatowy',
    'popust|kupon|darilni bon',
    'έκπτωση|εκπτωτικό|κουπόνι|δωροεπιταγή',
    'rabatt|gutschein|nachlass',
    "réduction|remise|bon d'achat|code promo",
    'descuento|cupón|vale|código promocional',
    'sconto|buono|coupon',
  ].join('|'),
  // Money back or paid: only right before a review word ("refunded for a 5-star review").
  refund: [
    'refund|refunded|full refund|paid|compensated|reimbursed',
    'zwrot pieniędzy|zwrot kosztów|zwrócili pieniądze|zapłacili mi|płacą',
    'vračilo denarja|povrnili|plačali so mi',
    'επιστροφή χρημάτων|μου πλήρωσαν|πληρώθηκα',
    'rückerstattung|erstattet|bezahlt',
    'remboursé|remboursement|payé',
    'reembolso|reembolsaron|me pagaron|pagado',
    'rimborso|rimborsato|pagato',
  ].join('|'),
  review: [
    'review|reviews|feedback|opinion|testimonial',
    'opinię|opinii|opinia|opinie|recenzję|recenzji|recenzja',
    'mnenje|mnenja|oceno|recenzijo|recenzija',
    'κριτική|κριτικής|αξιολόγηση|αξιολόγησης',
    'bewertung|rezension|erfahrungsbericht|testbericht',
    'avis|évaluation',
    'reseña|opinión|valoración',
    'recensione|opinione|valutazione',
  ].join('|'),
  receive: [
    'received|got|was given|was sent|they sent me|sent me|provided|gave me',
    'otrzymałem|otrzymałam|dostałem|dostałam|dostaliśmy|otrzymaliśmy|przysłano mi|otrzymany|dostany',
    'dobil|dobila|dobili|prejel|prejela|prejeli|poslali so mi',
    'πήρα|έλαβα|μου έστειλαν|μου το έστειλαν|μου έδωσαν|μου το',
    'erhalten|bekommen|zur verfügung gestellt|zugeschickt|geschickt',
    "reçu|reçue|on m'a|m'a été|fourni|fournie",
    'recibí|me lo|me la|me enviaron|me dieron',
    'ricevuto|ricevuta|mi hanno|mi è stato',
  ].join('|'),
  // "Free shipping" is no gift for a review.
  shipping:
    'shipping|delivery|postage|dostawa|dostawą|wysyłka|przesyłka|dostava|poštnina|μεταφορικά|αποστολή|versand|lieferung|livraison|envío|spedizione',
  // The opposite of an incentive ("I paid full price").
  stop: 'full price|pełną cenę|polno ceno|πλήρη τιμή|vollen preis|plein tarif|prix fort|precio completo|prezzo pieno',
};

const PATTERNS: Array<Pattern<Cue>> = Object.entries(CUES).flatMap(([cue, list]) =>
  list.split('|').map((text) => ({ text, boundary: 'word' as const, tag: cue as Cue })),
);
let automaton: Automaton<Cue> | undefined;

/** Words apart for two cues to count as one admission. */
const WINDOW = 8;
/** Words apart for a receiving verb and "free". */
const CLOSE = 4;
/** "for" and its kin: a refund or payment counts only when it is for the review. */
const FOR =
  /(?:^|[^\p{L}])(?:for|to write|to leave|to post|za|für|pour|por|per|για|in exchange|w zamian|v zameno|en échange|a cambio)(?:$|[^\p{L}])/iu;

/** Words from the end of one cue to the start of the other, whichever comes first. */
function gap(a: Match<Cue>, b: Match<Cue>): number {
  return b.word >= a.lastWord ? b.word - a.lastWord : a.word - b.lastWord;
}

function admits(text: string, a: Match<Cue>, b: Match<Cue>): boolean {
  const ordered = b.start >= a.end;
  const d = gap(a, b);
  switch (a.tag) {
    case 'exchange':
      return b.tag === 'review' && ordered && d <= WINDOW;
    case 'free':
    case 'gift':
      return b.tag === 'review' && d <= WINDOW;
    case 'refund':
      return b.tag === 'review' && ordered && d <= WINDOW && FOR.test(text.slice(a.end, b.start));
    case 'receive':
      return b.tag === 'free' && d <= CLOSE;
    default:
      return false;
  }
}

/** The reviewer says the product, a discount, a refund or a payment was given for the review. */
export function incentiveDisclosed(text: string): Signal | undefined {
  automaton ??= new Automaton(PATTERNS);
  const found = automaton.matches(text);
  if (found.length < 2) return undefined;
  // Sentence number of each cue: cues combine only within one sentence.
  const sentence: number[] = [];
  let at = 0;
  let n = 0;
  for (const m of found) {
    for (; at < m.start; at++) {
      const c = text.charCodeAt(at);
      if (c === 0x2e || c === 0x21 || c === 0x3f || c === 0x0a || c === 0x3b) n++;
    }
    sentence.push(n);
  }
  // "Free shipping": a free cue right before a shipping word is no gift.
  const ignored = found.map(
    (m) => m.tag === 'free' && found.some((s) => s.tag === 'shipping' && s.word === m.lastWord + 1),
  );
  for (let i = 0; i < found.length; i++) {
    const a = found[i];
    if (a === undefined || ignored[i]) continue;
    for (let j = 0; j < found.length; j++) {
      const b = found[j];
      if (b === undefined || i === j || ignored[j] || sentence[i] !== sentence[j] || !admits(text, a, b))
        continue;
      if (found.some((m, k) => m.tag === 'stop' && sentence[k] === sentence[i])) continue;
      // The evidence spans every cue of the sentence: "me lo regalaron a cambio de una reseña".
      let from = Math.min(a.start, b.start);
      let to = Math.max(a.end, b.end);
      found.forEach((m, k) => {
        if (sentence[k] !== sentence[i] || m.tag === 'shipping' || ignored[k]) return;
        from = Math.min(from, m.start);
        to = Math.max(to, m.end);
      });
      return signal('incentive-disclosed', `incentive disclosed: "${text.slice(from, to).trim()}"`);
    }
  }
  return undefined;
}

/** The source itself marks the purchase as not verified. */
export function unverifiedPurchase(verified: boolean | undefined): Signal | undefined {
  return verified === false
    ? signal('unverified-purchase', 'source marks the purchase as not verified')
    : undefined;
}
