import type { Signal } from '#lib/domain/model.ts';
import { signal } from '../score.ts';

/**
 * Disclosed incentives (FTC endorsement guides; Amazon's 2016 ban of
 * incentivised reviews): "received for free", "in exchange for", a discount
 * or gift for a review, in several languages.
 */
const INCENTIVE = [
  /\b(?:received|got|was (?:given|sent)) (?:this|it|the \w{1,40})? ?(?:product )?(?:for free|free of charge|at no cost|at a discount(?:ed price)?)/i,
  /\bin exchange for (?:my|an?|this) (?:honest |unbiased )?(?:review|feedback|opinion)/i,
  /\b(?:discount|coupon|voucher|gift card|refund|free \w+) (?:for|in return for) (?:a|my|this|leaving a) (?:\w+ )?review/i,
  /\b(?:paid|compensated) (?:for|to write) (?:this|a|my) review/i,
  /\bw zamian za (?:opinię|recenzję)|\botrzymałe[mś] (?:\w+ )?(?:za darmo|bezpłatnie|gratis)|\brabat za (?:opinię|recenzję)/iu,
  /\b(?:kostenlos|gratis|umsonst) (?:zur verfügung gestellt|erhalten|bekommen)|\bim austausch für (?:eine|meine) (?:ehrliche )?(?:bewertung|rezension)|\bgegen (?:eine )?bewertung/iu,
  /\ben échange d['’](?:un|mon) avis|\breçu gratuitement|\boffert en échange|\bcontre un avis/iu,
  /\ba cambio de (?:una|mi) (?:reseña|opinión|valoración)|\brecibí (?:el producto |este producto )?gratis|\bdescuento (?:por|a cambio de) (?:una )?reseña/iu,
  /\bv zameno za (?:mnenje|oceno)|\bbrezplačno prejel/iu,
  /\bμε αντάλλαγμα (?:μια|την) (?:κριτική|αξιολόγηση)|\bδωρεάν για (?:κριτική|αξιολόγηση)/iu,
];

/** The reviewer says the product or a discount was given for the review. */
export function incentiveDisclosed(text: string): Signal | undefined {
  for (const re of INCENTIVE) {
    const m = text.match(re);
    if (m !== null) return signal('incentive-disclosed', `incentive disclosed: "${m[0].trim()}"`);
  }
  return undefined;
}

/** The source itself marks the purchase as not verified. */
export function unverifiedPurchase(verified: boolean | undefined): Signal | undefined {
  return verified === false
    ? signal('unverified-purchase', 'source marks the purchase as not verified')
    : undefined;
}
