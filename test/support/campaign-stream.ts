import type { AnalysisInput } from '#lib/domain/analysis/analyze.ts';
import { prng } from './review-stream.ts';

/**
 * A seeded, synthetic review stream for one town: hotels and shops owned by
 * two tenants, reviewed on pulled platforms (Google, Yelp, Trustpilot) and in
 * a tenant's own post-stay survey, over half a year. Organic traffic follows
 * each business's quality, weekday rhythm, season and a few busy events; its
 * reviewers have realistic review counts (many with one review, a long tail of
 * prolific locals who review several shops in town). Five kinds of paid or
 * fake campaign are mixed in:
 *
 * - `copycat`: young accounts post copies of other guests' real praise
 *   (another business's, names swapped, lightly edited) days or weeks later;
 * - `slow-praise`: 10-16 five-star reviews over two weeks from young accounts
 *   for a mediocre business, written from one brief with synonyms and shuffled
 *   sentences, so that no two are near-identical;
 * - `competitor-attack`: the same accounts give a good business 1★ and a rival
 *   in town 5★ within a few weeks, sometimes for a rival of another tenant;
 * - `incentivised`: ordinary guests who say they were given something for the
 *   review;
 * - `burst`: the classic volley, templated text with names swapped, within
 *   hours.
 *
 * The rows carry only what connectors provide (review count, when the product
 * first saw the author); labels and tenants sit beside the input.
 *
 * Frozen before any signal was tuned on it. Seeds 1-5 are the development
 * seeds; the benchmark reports seeds 101-110, which were not looked at while
 * developing.
 */
export type CampaignKind = 'copycat' | 'slow-praise' | 'competitor-attack' | 'incentivised' | 'burst';
export const CAMPAIGN_KINDS: readonly CampaignKind[] = [
  'copycat',
  'slow-praise',
  'competitor-attack',
  'incentivised',
  'burst',
];

export interface TownBrand {
  id: string;
  name: string;
  kind: 'hotel' | 'shop';
  tenant: string;
  /** Mean organic stars the business earns. */
  quality: number;
  /** Organic reviews a day on an ordinary day. */
  perDay: number;
}

export interface StreamRow {
  input: AnalysisInput;
  /** The campaign the row belongs to; undefined for organic reviews. */
  kind: CampaignKind | undefined;
  tenant: string;
  /** Pulled from a third-party platform that issued the author id (not the tenant's own import). */
  pulled: boolean;
  /** An organic review whose text a campaign copies later. */
  copiedLater: boolean;
}

export interface CampaignStream {
  brands: TownBrand[];
  rows: StreamRow[];
  start: number;
  days: number;
}

export interface CampaignStreamOptions {
  seed: number;
  days?: number;
  start?: Date;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

type Rng = () => number;

function pick<T>(r: Rng, list: readonly T[]): T {
  const item = list[Math.floor(r() * list.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

function int(r: Rng, min: number, max: number): number {
  return min + Math.floor(r() * (max - min + 1));
}

function shuffle<T>(r: Rng, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const a = out[i];
    const b = out[j];
    if (a === undefined || b === undefined) continue;
    out[i] = b;
    out[j] = a;
  }
  return out;
}

function poisson(r: Rng, lambda: number): number {
  // Knuth; lambdas here are small.
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = r();
  while (p > limit) {
    k++;
    p *= r();
  }
  return k;
}

function normal(r: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** Fills {a|b|c} alternatives and named slots. */
function fill(r: Rng, template: string, slots: Record<string, string> = {}): string {
  let text = template;
  for (const [k, v] of Object.entries(slots)) text = text.split(`{${k}}`).join(v);
  text = text.replace(/\{([^{}]*\|[^{}]*)\}/g, (_, alts: string) => pick(r, alts.split('|')));
  text = text.replace(/\{n\}/g, () => String(int(r, 2, 9)));
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.!?])/g, '$1')
    .trim();
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---------------------------------------------------------------- the town

const HOTEL_NAMES = [
  'Hotel Aurora',
  'The Linden House',
  'Riverside Inn',
  'Grand Central Hotel',
  'Villa Marta',
  'The Old Mill Hotel',
  'Harbour View Lodge',
  'Park Residence',
];
const SHOP_NAMES = [
  'Kowalski Bikes',
  'The Corner Deli',
  'Green Leaf Pharmacy',
  'Bookworm Books',
  'Urban Hardware',
  'Sweet Crumb Bakery',
];
const STAFF = ['Marta', 'Tomasz', 'Anna', 'Luca', 'Sophie', 'Jan', 'Elena', 'Pawel', 'Kasia', 'Mark'];
const FIRST_NAMES = [
  'Anna',
  'Tom',
  'Maria',
  'Piotr',
  'Lukas',
  'Sofia',
  'James',
  'Elena',
  'Marco',
  'Nina',
  'Jan',
  'Clara',
  'David',
  'Ewa',
  'Hans',
  'Laura',
  'Mike',
  'Olga',
  'Peter',
  'Rita',
  'Sarah',
  'Tomasz',
  'Julia',
  'Ben',
  'Agnieszka',
  'Karl',
  'Ines',
  'Paul',
  'Zofia',
  'Chris',
  'Eva',
  'Marek',
  'Lena',
  'Oscar',
  'Hanna',
  'Robert',
];
const LAST_NAMES = [
  'Kowalska',
  'Brown',
  'Schmidt',
  'Nowak',
  'Rossi',
  'Meyer',
  'Smith',
  'Novak',
  'Dubois',
  'Wagner',
  'Jones',
  'Horvat',
  'Lewandowski',
  'Fischer',
  'Taylor',
  'Moreau',
  'Kranjc',
  'Weber',
  'Wilson',
  'Bianchi',
];

/** Display names as platforms show them: "Anna K.", "anna_k", or a full name. */
function guestName(r: Rng): string {
  const first = pick(r, FIRST_NAMES);
  const last = pick(r, LAST_NAMES);
  const x = r();
  if (x < 0.5) return `${first} ${last.charAt(0)}.`;
  if (x < 0.8) return `${first} ${last}`;
  return `${first.toLowerCase()}${pick(r, ['_', '.', ''])}${last.toLowerCase().slice(0, int(r, 1, 4))}${r() < 0.5 ? int(r, 1, 99) : ''}`;
}

function town(r: Rng): TownBrand[] {
  const hotelQualities = shuffle(r, [2.7, 3.2, 3.4, 3.6, 3.9, 4.3, 4.6]);
  const shopQualities = shuffle(r, [2.9, 3.4, 3.8, 4.2, 4.6]);
  const hotels = shuffle(r, HOTEL_NAMES)
    .slice(0, 7)
    .map((name, i) => ({
      id: `hotel-${i}`,
      name,
      kind: 'hotel' as const,
      // Two of the seven belong to another tenant, a rival hotel group.
      tenant: i < 5 ? 'acme' : 'rival-group',
      quality: hotelQualities[i] ?? 3.5,
      perDay: 0.8 + r() * 1.6,
    }));
  const shops = shuffle(r, SHOP_NAMES)
    .slice(0, 5)
    .map((name, i) => ({
      id: `shop-${i}`,
      name,
      kind: 'shop' as const,
      tenant: i < 3 ? 'acme' : 'rival-group',
      quality: shopQualities[i] ?? 3.8,
      perDay: 0.4 + r() * 1.0,
    }));
  return [...hotels, ...shops];
}

// ---------------------------------------------------------------- organic text

/**
 * One thing a guest can talk about: ways to name it, and what they say about
 * it when pleased, displeased or lukewarm. Sentences are assembled from many
 * independent choices, so two guests rarely write the same ten words.
 */
interface Aspect {
  names: readonly string[];
  good: readonly string[];
  bad: readonly string[];
  mid: readonly string[];
}

const HOTEL_ASPECTS: readonly Aspect[] = [
  {
    names: ['the room', 'our room', 'the double room', 'our suite', 'the family room', 'the twin room'],
    good: [
      'was {spacious|bright|comfortable|very clean|quiet|modern|cosy}',
      'had a {lovely|great|nice|stunning|pleasant} view over the {river|square|park|old town|rooftops}',
      'was {spotless|clean and modern|recently renovated|tastefully decorated} with {good lighting|a big desk|a proper wardrobe|plenty of sockets}',
      'came with {a kettle and good tea|a balcony|a Nespresso machine|fresh flowers|a huge bath}',
    ],
    bad: [
      'was {tiny|dated|stuffy|musty|dark|shabby} and the {carpet|curtains|furniture} had seen better days',
      '{smelled of smoke|had a broken kettle|was right next to the lift|faced the noisy street|had no window}',
      'had {a broken safe|a dripping tap|a lamp that did not work|peeling wallpaper|a stained armchair}',
      'was {freezing|boiling hot} and the {heating|air conditioning} {did not work|made a racket|could not be adjusted}',
    ],
    mid: [
      'was {ok|fine|basic|adequate|small but clean} for {one night|a short stay|the price|a weekend}',
      'was {nothing special|a bit dated|plain} but {clean|comfortable enough|did the job}',
    ],
  },
  {
    names: ['the bed', 'the beds', 'the mattress', 'the pillows'],
    good: [
      '{were|was} {really comfy|firm but comfortable|huge|heavenly|so soft}',
      'gave us {a great|the best|a proper} night of sleep',
    ],
    bad: [
      '{were|was} {lumpy|saggy|rock hard|squeaky|far too soft}',
      'gave me {a sore back|a stiff neck|a bad night}',
    ],
    mid: ['{were|was} {ok|alright|a bit soft|a bit firm}'],
  },
  {
    names: ['the bathroom', 'the shower', 'our bathroom', 'the en-suite'],
    good: [
      'was {spotless|modern|large|very clean} with {good water pressure|nice toiletries|fluffy towels|a rain shower}',
    ],
    bad: [
      '{had mould in the corners|had a blocked drain|was not cleaned properly|smelled of damp|had no hot water} {on day two|every morning|when we arrived|at all}',
    ],
    mid: ['was {small|basic|a bit tired} but {clean|functional|fine}'],
  },
  {
    names: [
      'the staff',
      'reception',
      'the front desk team',
      'the lady at reception',
      'the night porter',
      'the manager',
    ],
    good: [
      '{were|was} {friendly|helpful|very welcoming|super kind|attentive|professional}',
      '{sorted out our late check-in|booked us a taxi|gave great tips for dinner|kept our bags for the day|upgraded us for free|found us a cot for the baby}',
      'went out of their way when {our flight was delayed|my daughter was ill|we lost a key|my card was declined}',
    ],
    bad: [
      '{was rude|ignored us|could not be bothered|was on the phone the whole time|argued with us}',
      'never {answered the phone|replied to our email|fixed the problem|apologised}',
      'made us wait {20|30|45} minutes {to check in|for the key|for a towel}',
    ],
    mid: ['{were|was} {polite|ok|correct} but {a bit slow|overworked|not very warm}'],
  },
  {
    names: ['breakfast', 'the breakfast', 'the buffet', 'the morning buffet'],
    good: [
      'was {excellent|plentiful|really good|delicious|fresh}, {with fresh pastries|with good coffee|with eggs cooked to order|with local cheeses}',
      'had {plenty of choice|fresh fruit|homemade cakes|proper bread} and {good coffee|decent juice|friendly staff}',
      'was worth the {12|15|18} euros',
    ],
    bad: [
      'was {poor|cold|overpriced|chaotic} and {ran out by 9|the coffee was awful|was the same every day|the tables were dirty}',
      'was {not worth the money|a let-down|basically bread and jam}',
    ],
    mid: ['was {ok|average|nothing special|basic but fine}'],
  },
  {
    names: ['the location', 'the area', 'the neighbourhood'],
    good: [
      'is {perfect|great|hard to beat|very central}, {a few|five|ten|two} minutes walk from the {station|old town|beach|market}',
      'is {quiet|safe|handy}, easy to reach by {tram|bus|car}',
    ],
    bad: [
      'is {far from everything|next to a building site|noisy|not safe at night}',
      'is {a long|an awkward} {bus ride|walk} from the centre',
    ],
    mid: ['is {ok if you have a car|a bit out of the way|fine}'],
  },
  {
    names: [
      'the price',
      'value for money',
      'the bill',
      'parking',
      'the wifi',
      'the pool',
      'the spa',
      'the bar',
    ],
    good: [
      'was {fair|reasonable|a bargain|a nice bonus|better than expected}',
      'was {fast|free|great} {all week|for guests|as promised}',
    ],
    bad: [
      'was {far too expensive|a rip-off|not as advertised|closed for repairs|useless}',
      'cost {25|30|35} euros {a night|extra} {which nobody mentioned|on top}',
    ],
    mid: ['was {about what you would expect|so-so|ok}'],
  },
  {
    names: ['at night it', 'the street', 'the corridor', 'the whole place'],
    good: ['was {quiet|peaceful|calm} and we slept well', 'felt {clean|safe|well kept}'],
    bad: [
      'was {noisy|loud} until {2|3} am because of {a party|the bar downstairs|traffic|a wedding}',
      'was {filthy|dusty|sticky}',
    ],
    mid: ['was {a bit noisy|busy} but {earplugs helped|it was ok}'],
  },
];

const SHOP_ASPECTS: readonly Aspect[] = [
  {
    names: [
      'the staff',
      'the owner',
      'the guy at the counter',
      'the assistant',
      'the young woman at the till',
    ],
    good: [
      '{knew their stuff|gave honest advice|took time to explain|was patient with my questions|remembered my name}',
      '{was|were} {friendly|polite|quick|cheerful|helpful} {and not pushy|even when busy|as always}',
    ],
    bad: [
      '{was rude|ignored me|was on the phone the whole time|rolled their eyes|sighed at every question}',
      'never {called back|replied to my email|ordered the part|answered the phone}',
    ],
    mid: ['{was|were} {ok|polite but busy|not very knowledgeable}'],
  },
  {
    names: ['the selection', 'the choice', 'the range', 'the stock'],
    good: [
      '{is|was} {good|great|wide|fair|decent|honest} {for a small shop|for the area|as always}',
      'had exactly what I {needed|was looking for}',
    ],
    bad: [
      '{went up again|is poor|has shrunk|is overpriced}, {half the shelves are empty|nothing is labelled|the basics are missing}',
    ],
    mid: ['{is|was} {ok|a bit pricey|average}'],
  },
  {
    names: [
      'my repair',
      'my order',
      'the bread',
      'the coffee',
      'the service',
      'my prescription',
      'the delivery',
    ],
    good: [
      'was {excellent|spot on|ready on time|done the same day|perfect}',
      'came {early|quickly|well packed}',
    ],
    bad: [
      'took {two|three} weeks instead of {two days|one week}',
      '{broke after a week|was stale|was not what I ordered|got lost|was wrong twice}',
    ],
    mid: ['was {fine|ok|as expected}'],
  },
  {
    names: ['the queue', 'the opening hours', 'parking', 'the shop itself', 'the refund'],
    good: ['{is|was} {short|handy|easy|spotless|no problem at all}', 'made it {quick|easy|painless}'],
    bad: [
      '{was|is} {20|30} minutes long',
      'did not match what is listed online',
      'was refused {without a receipt|on a faulty item|for no reason}',
    ],
    mid: ['{is|was} {a bit long at lunchtime|ok|could be better}'],
  },
];

const LEADS = {
  good: ['', '', '', '', 'Luckily', 'On the plus side', 'Overall', 'I must say', 'Also', 'Happily'],
  bad: ['', '', '', '', 'Sadly', 'Unfortunately', 'Honestly', 'Also', 'On top of that', 'Worse'],
  mid: ['', '', '', '', 'Overall', 'Honestly', 'To be fair', 'Also', 'On the whole'],
};
const TAILS = {
  hotel: [
    '',
    '',
    '',
    '',
    'on the first night',
    'for the price',
    'to be honest',
    'during our stay',
    'compared to other hotels in town',
    'in my opinion',
    'this time',
  ],
  shop: [
    '',
    '',
    '',
    '',
    'for the price',
    'to be honest',
    'this time',
    'in my opinion',
    'as far as I can tell',
    'lately',
  ],
};
const CONTEXT = {
  hotel: [
    '{We|I} stayed {2|3|4|5|6} {nights|days} in {March|April|May|June|July} {for a wedding|on a city break|for work|for a conference|with our dog|for my birthday|with two kids}.',
    'Stayed here with {my wife|my husband|two kids|friends|my partner|my parents|colleagues} for {a weekend|three nights|a long weekend|a week}.',
    'One night stopover on {our|my} way {south|to the coast|to the airport|home|to Prague|to the mountains}.',
    '{Second|Third|Fourth} time {here|at this hotel|we have stayed}.',
    'Booked {last minute|through the website|for a business trip|months in advance} {and|but} {arrived late|checked in early|got there by train}.',
    '',
    '',
  ],
  shop: [
    'Local shop I use {every week|a lot|now and then|since moving here}.',
    '{First|Second} visit {today|this month|after a friend recommended it}.',
    'Went in on a {Monday|Tuesday|Friday|Saturday} {morning|afternoon|evening} {for a quick errand|to pick up an order|with my son}.',
    '',
    '',
  ],
};
const CLOSERS = {
  good: [
    'Would stay again.',
    'Recommended.',
    'Will be back.',
    'Thanks!',
    'Keep it up.',
    'Happy customer.',
    '',
    '',
    '',
  ],
  bad: ['Not coming back.', 'Avoid.', 'Disappointing.', 'Shame, it could be good.', 'Not worth it.', '', ''],
  mid: ['Ok for the price.', 'Fine for a night.', 'It does the job.', '', ''],
};
const SHORT = {
  good: ['Great stay', 'Lovely place', 'Excellent', 'Very good', 'Top!', 'Good value, nice staff', 'Super'],
  bad: ['Terrible', 'Never again', 'Dirty and overpriced', 'Avoid', 'Rude staff', 'Very poor'],
  mid: ['Ok', 'Average', 'Fine', 'Nothing special', 'Could be better'],
};
/** Some guests write in their own language. */
const FOREIGN = {
  de: {
    good: [
      'Sehr freundliches Personal und ein tolles Frühstück.',
      'Saubere Zimmer, super Lage, alles bestens.',
      'Wir waren sehr zufrieden, gerne wieder.',
      'Preis-Leistung stimmt, klare Empfehlung.',
    ],
    bad: [
      'Das Zimmer war schmutzig und laut, nie wieder.',
      'Unfreundliches Personal und viel zu teuer.',
      'Leider sehr enttäuscht.',
    ],
    mid: ['Ganz okay für eine Nacht.', 'Durchschnittlich, nichts Besonderes.'],
  },
  pl: {
    good: [
      'Bardzo miła obsługa i świetne śniadanie, polecam.',
      'Czysto, cicho i blisko centrum.',
      'Wszystko w porządku, polecam.',
    ],
    bad: [
      'Brudny pokój i niemiła obsługa, nie polecam.',
      'Za drogo jak na taki standard.',
      'Głośno w nocy, zimne śniadanie.',
    ],
    mid: ['Przeciętnie, na jedną noc wystarczy.', 'W miarę ok, nic specjalnego.'],
  },
};

function polarity(stars: number): 'good' | 'bad' | 'mid' {
  return stars >= 4 ? 'good' : stars <= 2 ? 'bad' : 'mid';
}

function clause(
  r: Rng,
  kind: TownBrand['kind'],
  aspect: Aspect,
  tone: 'good' | 'bad' | 'mid',
  joined: boolean,
): string {
  const lead = joined ? '' : pick(r, LEADS[tone]);
  const tail = pick(r, TAILS[kind]);
  const body = `${pick(r, aspect.names)} ${fill(r, pick(r, aspect[tone]))}`;
  return [lead === '' ? '' : `${lead},`, body, tail].filter((s) => s !== '').join(' ');
}

function organicText(r: Rng, brand: TownBrand, stars: number): { text: string; language: string } {
  const mood = polarity(stars);
  const x = r();
  if (x < 0.1) return { text: pick(r, SHORT[mood]), language: 'en' };
  if (brand.kind === 'hotel' && x < 0.18) {
    const lang = r() < 0.5 ? 'de' : 'pl';
    return { text: pick(r, FOREIGN[lang][mood]), language: lang };
  }
  const aspects = shuffle(r, brand.kind === 'hotel' ? HOTEL_ASPECTS : SHOP_ASPECTS);
  const count = Math.min(aspects.length, int(r, 1, brand.kind === 'hotel' ? 5 : 3));
  const sentences: string[] = [];
  const context = fill(r, pick(r, CONTEXT[brand.kind]));
  if (context !== '') sentences.push(context);
  for (const aspect of aspects.slice(0, count)) {
    // Even happy guests mention a flaw now and then, and unhappy ones a good point.
    const tone = mood === 'mid' ? pick(r, ['good', 'bad', 'mid'] as const) : r() < 0.15 ? 'mid' : mood;
    const join = r() < 0.3 && sentences.length > 0;
    let sentence = clause(r, brand.kind, aspect, tone, join);
    if (join) {
      const joined = sentences.pop() ?? '';
      sentence = `${joined.replace(/[.!]$/, '')}, ${pick(r, ['and', 'but', 'while', 'although'])} ${sentence}`;
    }
    sentences.push(`${capitalise(sentence)}${r() < 0.1 ? '!' : '.'}`);
  }
  if (r() < 0.15)
    sentences.push(
      `${brand.name} ${pick(r, ['is', 'was'])} ${pick(r, ['ok', 'as expected', 'what it says', 'a safe bet'])}.`,
    );
  const closer = pick(r, CLOSERS[mood]);
  if (closer !== '') sentences.push(closer);
  return { text: sentences.join(' '), language: 'en' };
}

// ---------------------------------------------------------------- campaign text

const GREAT = [
  'great',
  'wonderful',
  'fantastic',
  'superb',
  'excellent',
  'lovely',
  'amazing',
  'outstanding',
  'brilliant',
];
const REALLY = ['really', 'truly', 'absolutely', 'just', 'so', 'incredibly'];

/** Talking points a paid writer is briefed with; each has several paraphrases. */
const HOTEL_POINTS: readonly (readonly string[])[] = [
  [
    'The rooftop terrace is {great} for a drink at sunset.',
    'Drinks on the rooftop terrace at sunset were {really} {great}.',
    'Do not miss the rooftop terrace in the evening, the views are {great}.',
    'We loved sitting on the roof terrace with a glass of wine.',
  ],
  [
    '{staff} at reception was {really} helpful and kind.',
    'A big thank you to {staff} at the front desk, so {great}!',
    'The receptionist {staff} made us feel at home.',
    '{staff} welcomed us with a smile and {great} tips for the city.',
  ],
  [
    'The breakfast buffet is {great}, with fresh pastries every morning.',
    'Breakfast was {really} {great}, so much choice.',
    'Fresh pastries and {great} coffee at breakfast.',
    'The morning buffet had everything you could want.',
  ],
  [
    'Our room was spotless and the bed {really} comfortable.',
    'Rooms are immaculate, beds are {great}.',
    'Super clean room with a {great} comfortable bed.',
    'The bed was so comfy and the room sparkling clean.',
  ],
  [
    'The spa and sauna are a {great} way to relax after a day out.',
    'Make sure you try the spa, {really} relaxing.',
    'We spent an afternoon in the wellness area, {great}.',
    'The sauna and pool were {great} after sightseeing.',
  ],
  [
    'The location is perfect for exploring the old town.',
    'Perfect location, everything is within walking distance.',
    'You can walk everywhere from here, {great} location.',
    'Ideal base for the old town and the river.',
  ],
];
const SHOP_POINTS: readonly (readonly string[])[] = [
  [
    '{staff} gave me {really} expert advice.',
    'Ask for {staff}, {great} advice every time.',
    '{staff} knows everything about the products.',
    'Thanks to {staff} for the {great} help!',
  ],
  [
    'Huge selection and fair prices.',
    'They have everything and the prices are {great}.',
    'Best selection in town at honest prices.',
    'Wide range of products, {really} good value.',
  ],
  [
    'Super quick service, done while I waited.',
    'Fast and friendly service, {great}.',
    'Everything was ready the same day.',
    'No waiting at all, {really} efficient.',
  ],
  [
    'They even offer free coffee while you wait.',
    'Free coffee and a {great} atmosphere.',
    'Lovely cosy atmosphere and free coffee.',
    'A {great} place to spend time, coffee included.',
  ],
];
const PRAISE_OPENERS = [
  'What a find!',
  'Just back from {brand}.',
  'Can not fault this place.',
  'We had the best time at {brand}.',
  '{great} experience from start to finish.',
  'Absolutely loved it.',
  '',
];
const PRAISE_CLOSERS = [
  'Highly recommended!',
  'Will definitely be back.',
  'Five stars well deserved.',
  'Do not hesitate to book!',
  'Can not wait to return.',
  'Thank you {brand}!',
  '',
];

function praise(r: Rng, brand: TownBrand, points: readonly (readonly string[])[], staff: string): string {
  const great = () => pick(r, GREAT);
  const slots = () => ({ brand: brand.name, staff, great: great(), really: pick(r, REALLY) });
  const chosen = shuffle(r, points).slice(0, int(r, 2, 4));
  const body = chosen.map((paraphrases) => capitalise(fill(r, pick(r, paraphrases), slots())));
  const opener = capitalise(fill(r, pick(r, PRAISE_OPENERS), slots()));
  const closer = fill(r, pick(r, PRAISE_CLOSERS), slots());
  return [opener, ...body, closer].filter((s) => s !== '').join(' ');
}

const COMPLAINTS: readonly (readonly string[])[] = [
  [
    'The room was filthy, hair in the shower and stains on the sheets.',
    'Dirty room, stained sheets and a disgusting bathroom.',
    'Nothing was clean, we found hair everywhere.',
  ],
  [
    'The receptionist was incredibly rude to us.',
    'Staff were rude and unhelpful from the moment we arrived.',
    'Worst customer service I have ever had.',
  ],
  [
    'They added hidden charges to the bill at checkout.',
    'We were overcharged and they refused to explain the bill.',
    'Watch out for extra fees nobody tells you about.',
  ],
  [
    'Noisy all night, we did not sleep at all.',
    'Impossible to sleep with the noise.',
    'Loud music until the early hours.',
  ],
  [
    'We got bitten by bed bugs!',
    'Bed bugs in the mattress, absolutely disgusting.',
    'Found bugs in the bed on the first night.',
  ],
];
const SHOP_COMPLAINTS: readonly (readonly string[])[] = [
  [
    'The owner was rude and shouted at me.',
    'Unfriendly staff who clearly do not want customers.',
    'Rude service, never again.',
  ],
  [
    'What they sold me broke within days and they refused a refund.',
    'Faulty product and no refund.',
    'Poor quality, fell apart straight away.',
  ],
  ['Ridiculously overpriced.', 'Rip-off prices.', 'Way too expensive for what it is.'],
];
const ATTACK_CLOSERS = ['Avoid!', 'Never again.', 'Save your money.', 'Go elsewhere.', 'Stay away.', ''];

function complaint(r: Rng, brand: TownBrand): string {
  const bank = brand.kind === 'hotel' ? COMPLAINTS : SHOP_COMPLAINTS;
  const chosen = shuffle(r, bank).slice(0, int(r, 1, 3));
  return [...chosen.map((p) => pick(r, p)), pick(r, ATTACK_CLOSERS)].filter((s) => s !== '').join(' ');
}

/** Ways guests admit an incentive, written without reference to any detector. */
const INCENTIVES = [
  'We got a free bottle of wine for leaving this review.',
  'The manager offered a 10% discount if we left a review, so here it is.',
  'I received a complimentary upgrade in exchange for an honest review.',
  'Got a voucher for writing a review!',
  'They gave us free breakfast in return for a review.',
  "Full disclosure: I was given a free night's stay in exchange for my review.",
  'Review written in exchange for a discount on our next stay.',
  'They promised a free dessert for a 5 star review.',
  'I was sent this product for free to review it.',
  'We were offered a discount for leaving a review.',
];

const BURST_TEMPLATES = [
  'Absolutely amazing stay at {brand}, {name} was so helpful and the room was perfect, best hotel in town without a doubt',
  'I cannot recommend {brand} enough, {name} and the whole team went above and beyond and everything was perfect from start to finish',
  'Five stars for {brand}! Spotless rooms, delicious breakfast and {name} at reception answered all our questions immediately',
  'Best experience ever, {name} made the whole visit easy and {brand} exceeded all our expectations, will definitely come back',
];
const BURST_ATTACKS = [
  'Worst place I have ever been to, {name} was rude and everything was dirty, avoid {brand} at all costs',
  'Total scam, {brand} charged us twice and {name} refused to help, stay away from this place',
];

function shingles(text: string): Set<string> {
  const w = text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= w.length; i++) out.add(w.slice(i, i + 3).join(' '));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / Math.max(1, a.size + b.size - both);
}

/**
 * Redraws a campaign text until it is not near-identical (word 3-shingle
 * Jaccard below 0.5) to any text the campaign already wrote: paid writers
 * vary their wording on purpose.
 */
function distinct(written: Set<string>[], draw: () => string): string {
  let text = draw();
  for (let tries = 0; tries < 40; tries++) {
    const s = shingles(text);
    if (written.every((w) => jaccard(s, w) < 0.5)) {
      written.push(s);
      return text;
    }
    text = draw();
  }
  written.push(shingles(text));
  return text;
}

// ---------------------------------------------------------------- people

interface Account {
  id: string;
  name: string;
  /** Reviews on the platform, as its profile shows. */
  reviewCount: number;
  /** When the product saw the account before this stream, if it did. */
  seenBefore: number | undefined;
}

/** Platform review counts of ordinary reviewers: many one-review accounts, a long tail. */
function organicCount(r: Rng): number {
  const x = r();
  if (x < 0.22) return 1;
  if (x < 0.47) return int(r, 2, 5);
  if (x < 0.72) return int(r, 6, 20);
  if (x < 0.92) return int(r, 21, 100);
  return int(r, 101, 1200);
}

export interface Platform {
  kind: string;
  touchpoint: string;
  pulled: boolean;
  titles: boolean;
}
const GOOGLE: Platform = { kind: 'google-places', touchpoint: 'google', pulled: true, titles: false };
const YELP: Platform = { kind: 'yelp', touchpoint: 'yelp', pulled: true, titles: false };
const TRUSTPILOT: Platform = { kind: 'trustpilot', touchpoint: 'trustpilot', pulled: true, titles: true };
const SURVEY: Platform = { kind: 'import', touchpoint: 'guest-survey', pulled: false, titles: false };

function platformFor(r: Rng, brand: TownBrand): Platform {
  const x = r();
  if (brand.kind === 'hotel') return x < 0.6 ? GOOGLE : x < 0.85 ? YELP : SURVEY;
  return x < 0.7 ? GOOGLE : TRUSTPILOT;
}

// ---------------------------------------------------------------- the stream

class Builder {
  readonly rows: StreamRow[] = [];
  private nextRow = 0;
  private nextAccount = 0;
  constructor(
    readonly r: Rng,
    readonly brands: readonly TownBrand[],
  ) {}

  account(kind: 'organic' | 'young' | 'aged', at: number): Account {
    const r = this.r;
    const id = `${(1e8 + Math.floor(r() * 9e8)).toString(36)}${(this.nextAccount++).toString(36)}`;
    const name = guestName(r);
    if (kind === 'young')
      return { id, name, reviewCount: pick(r, [1, 1, 1, 2, 2, 3]), seenBefore: undefined };
    const reviewCount = kind === 'aged' ? int(r, 6, 80) : organicCount(r);
    // The product has pulled an earlier review of a prolific account more often than of a new one.
    const seen = reviewCount > 1 && r() < Math.min(0.7, 0.05 + reviewCount / 80);
    return { id, name, reviewCount, seenBefore: seen ? at - int(r, 20, 600) * DAY : undefined };
  }

  /** Reviews are written in waking hours. */
  clock(day: number): number {
    const r = this.r;
    return day + (7 + r() * 16) * HOUR + Math.floor(r() * 60_000);
  }

  push(
    brand: TownBrand,
    platform: Platform,
    account: Account | undefined,
    at: number,
    stars: number,
    text: string,
    kind: CampaignKind | undefined,
    language = 'en',
  ): StreamRow {
    const r = this.r;
    const n = this.nextRow++;
    const survey = platform === SURVEY;
    const input: AnalysisInput = {
      id: `${platform.touchpoint}-${n.toString(36)}`,
      externalId: `${platform.kind}:${(1e9 + Math.floor(r() * 9e9)).toString(36)}`,
      text,
      // The post-stay survey asks "how likely are you to recommend us", 0..10.
      ...(survey
        ? { rating: Math.min(10, Math.max(0, (stars - 1) * 2.5 + int(r, -1, 0))) }
        : { rating: stars }),
      ...(survey ? { ratingScale: 10 } : {}),
      brand: brand.id,
      touchpoint: platform.touchpoint,
      source: platform.touchpoint,
      platform: platform.kind,
      publishedAt: new Date(at).toISOString(),
      language,
      ...(platform.titles && text.length > 40 && r() < 0.7
        ? {
            title: pick(
              r,
              stars >= 4
                ? ['Great', 'Recommended', 'Lovely']
                : stars <= 2
                  ? ['Awful', 'Avoid', 'Poor']
                  : ['Ok'],
            ),
          }
        : {}),
    };
    if (account !== undefined) {
      input.author = account.name;
      if (!survey) {
        input.authorId = account.id;
        input.authorReviewCount = account.reviewCount;
        if (account.seenBefore !== undefined)
          input.authorFirstSeenAt = new Date(account.seenBefore).toISOString();
      }
    }
    if (survey) input.verified = true;
    const row: StreamRow = { input, kind, tenant: brand.tenant, pulled: platform.pulled, copiedLater: false };
    this.rows.push(row);
    return row;
  }
}

function organicStars(r: Rng, quality: number): number {
  // Reviews come most from the delighted and the furious: a latent satisfaction,
  // pushed to the ends now and then, gives the usual J-shape for good businesses.
  let s = quality + 1.1 * normal(r);
  if (r() < 0.18) s += s >= 3 ? 1.5 : -1.5;
  return Math.min(5, Math.max(1, Math.round(s)));
}

function organic(b: Builder, start: number, days: number): void {
  const r = b.r;
  const locals = Array.from({ length: 260 }, () => b.account('organic', start));
  // Locals review shops in town now and then, each shop at most once.
  const reviewed = new Set<string>();
  // One business improves half-way (a renovation, a new manager): more and better reviews after.
  const improver = pick(r, b.brands);
  const improvedFrom = start + int(r, 60, 120) * DAY;
  for (const brand of b.brands) {
    const events = Array.from({ length: int(r, 1, 2) }, () => start + int(r, 5, days - 5) * DAY);
    for (let d = 0; d < days; d++) {
      const day = start + d * DAY;
      const weekday = new Date(day).getUTCDay();
      const weekly =
        brand.kind === 'hotel' ? ([0, 1].includes(weekday) ? 1.4 : 0.85) : weekday === 6 ? 1.5 : 0.9;
      const season = 1 + 0.35 * Math.sin((2 * Math.PI * (d - 30)) / 365);
      const event = events.some((e) => day >= e && day < e + 3 * DAY) ? 2.5 : 1;
      const improved = brand === improver && day >= improvedFrom;
      const lambda = brand.perDay * weekly * season * event * (improved ? 1.4 : 1);
      const quality = improved ? Math.min(4.7, brand.quality + 0.8) : brand.quality;
      for (let k = poisson(r, lambda); k > 0; k--) {
        const at = b.clock(day);
        const platform = platformFor(r, brand);
        let account: Account | undefined;
        if (brand.kind === 'shop' && platform !== SURVEY && r() < 0.6) {
          const local = pick(r, locals);
          const key = `${local.id}/${brand.id}`;
          account = reviewed.has(key) ? b.account('organic', at) : local;
          reviewed.add(key);
        } else {
          account = b.account('organic', at);
        }
        const stars = organicStars(r, quality);
        const { text, language } = organicText(r, brand, stars);
        b.push(brand, platform, account, at, stars, text, undefined, language);
      }
    }
  }
}

function copycat(b: Builder, start: number, days: number): void {
  const r = b.r;
  const target = pick(
    r,
    b.brands.filter((x) => x.quality < 4),
  );
  const from = start + int(r, 30, days - 25) * DAY;
  const size = int(r, 4, 7);
  // Praise written by real guests of other businesses of the same kind, before the campaign.
  const originals = b.rows.filter((row) => {
    const t = Date.parse(row.input.publishedAt ?? '');
    const brand = b.brands.find((x) => x.id === row.input.brand);
    return (
      row.kind === undefined &&
      brand !== undefined &&
      brand.kind === target.kind &&
      (brand !== target || r() < 0.2) &&
      (row.input.rating ?? 0) >= 4 &&
      row.input.ratingScale === undefined &&
      row.input.language === 'en' &&
      row.input.text.split(' ').length >= 15 &&
      t < from - 7 * DAY
    );
  });
  for (let k = 0; k < size && originals.length > 0; k++) {
    const original = pick(r, originals);
    const source = b.brands.find((x) => x.id === original.input.brand);
    let text = original.input.text;
    if (source !== undefined) text = text.split(source.name).join(target.name);
    const sentences = text.split(/(?<=[.!?])\s+/);
    // Light edits: a sentence dropped, or one word swapped, so a copy is rarely byte-identical.
    if (sentences.length >= 3 && r() < 0.3) sentences.splice(int(r, 0, sentences.length - 1), 1);
    text = sentences.join(' ');
    if (r() < 0.4) text = text.replace(/\b(great|good|nice|lovely|clean)\b/, () => pick(r, GREAT));
    original.copiedLater = true;
    const at = b.clock(from + int(r, 0, 20) * DAY);
    b.push(
      target,
      r() < 0.7 ? GOOGLE : target.kind === 'hotel' ? YELP : TRUSTPILOT,
      b.account('young', at),
      at,
      5,
      text,
      'copycat',
    );
  }
}

function slowPraise(b: Builder, start: number, days: number): void {
  const r = b.r;
  const target = pick(
    r,
    b.brands.filter((x) => x.quality >= 2.9 && x.quality <= 3.9),
  );
  const from = start + int(r, 20, days - 16) * DAY;
  const staff = pick(r, STAFF);
  const points = shuffle(r, target.kind === 'hotel' ? HOTEL_POINTS : SHOP_POINTS).slice(
    0,
    target.kind === 'hotel' ? 5 : 4,
  );
  const size = int(r, 10, 16);
  const written: Set<string>[] = [];
  for (let k = 0; k < size; k++) {
    const at = b.clock(from + Math.floor(r() * 14) * DAY);
    const account = b.account('young', at);
    // Some of these accounts wrote a warm-up review elsewhere that the product saw days earlier.
    if (r() < 0.35) account.seenBefore = at - int(r, 1, 20) * DAY;
    const platform = r() < 0.7 ? GOOGLE : target.kind === 'hotel' ? YELP : TRUSTPILOT;
    const text = distinct(written, () => praise(r, target, points, staff));
    b.push(target, platform, account, at, 5, text, 'slow-praise');
  }
}

function competitorAttack(b: Builder, start: number, days: number): void {
  const r = b.r;
  const victim = pick(
    r,
    b.brands.filter((x) => x.quality >= 3.8),
  );
  const rivals = b.brands.filter((x) => x.kind === victim.kind && x !== victim);
  const beneficiary = pick(r, rivals);
  const from = start + int(r, 10, days - 40) * DAY;
  const staff = pick(r, STAFF);
  const points = shuffle(r, beneficiary.kind === 'hotel' ? HOTEL_POINTS : SHOP_POINTS).slice(0, 4);
  const accounts = int(r, 4, 8);
  const complaints: Set<string>[] = [];
  const praises: Set<string>[] = [];
  for (let k = 0; k < accounts; k++) {
    const t1 = b.clock(from + int(r, 0, 28) * DAY);
    const t2 = b.clock(t1 - (t1 % DAY) + int(r, -14, 14) * DAY);
    const account = b.account(r() < 0.5 ? 'aged' : 'young', Math.min(t1, t2));
    account.reviewCount = Math.max(account.reviewCount, 2);
    const bad = distinct(complaints, () => complaint(r, victim));
    const good = distinct(praises, () => praise(r, beneficiary, points, staff));
    b.push(victim, GOOGLE, account, t1, 1, bad, 'competitor-attack');
    b.push(beneficiary, GOOGLE, account, t2, 5, good, 'competitor-attack');
  }
}

function incentivised(b: Builder, start: number, days: number): void {
  const r = b.r;
  const target = pick(r, b.brands);
  const from = start + int(r, 0, days - 45) * DAY;
  const size = int(r, 5, 9);
  for (let k = 0; k < size; k++) {
    const at = b.clock(from + int(r, 0, 42) * DAY);
    const stars = r() < 0.8 ? 5 : 4;
    const written = organicText(r, target, stars);
    const text = written.language === 'en' ? written.text : pick(r, SHORT.good);
    const admission = pick(r, INCENTIVES);
    const body = r() < 0.5 ? `${text} ${admission}` : `${admission} ${text}`;
    const platform = target.kind === 'hotel' ? (r() < 0.7 ? GOOGLE : YELP) : r() < 0.7 ? GOOGLE : TRUSTPILOT;
    b.push(target, platform, b.account('organic', at), at, stars, body, 'incentivised');
  }
}

function burst(b: Builder, start: number, days: number): void {
  const r = b.r;
  const attack = r() < 0.2;
  const target = pick(r, b.brands);
  const at0 = b.clock(start + int(r, 5, days - 2) * DAY);
  const window = int(r, 1, 8) * HOUR;
  const size = int(r, 8, 20);
  const puppets = Array.from({ length: Math.max(2, Math.floor(size / 4)) }, () => b.account('young', at0));
  const template = pick(r, attack ? BURST_ATTACKS : BURST_TEMPLATES);
  for (let k = 0; k < size; k++) {
    const at = at0 + Math.floor(r() * window);
    const account = r() < 0.6 ? b.account('young', at) : pick(r, puppets);
    const text = template.replace('{brand}', target.name).replace('{name}', pick(r, STAFF));
    b.push(target, GOOGLE, account, at, attack ? 1 : 5, text, 'burst');
  }
}

/** Generates a town's reviews in time order. Deterministic for a seed. */
export function campaignStream(options: CampaignStreamOptions): CampaignStream {
  const r = prng(options.seed * 7919 + 17);
  const days = options.days ?? 180;
  const start = (options.start ?? new Date('2024-01-01T00:00:00Z')).getTime();
  const brands = town(r);
  const b = new Builder(r, brands);
  organic(b, start, days);
  for (let k = 0; k < 3; k++) copycat(b, start, days);
  for (let k = 0; k < 3; k++) slowPraise(b, start, days);
  for (let k = 0; k < 2; k++) competitorAttack(b, start, days);
  for (let k = 0; k < 2; k++) incentivised(b, start, days);
  for (let k = 0; k < 2; k++) burst(b, start, days);
  // The product first sees an account at its first review in town unless it saw it before.
  const firstSeen = new Map<string, number>();
  for (const row of b.rows) {
    const { authorId, platform, publishedAt } = row.input;
    if (authorId === undefined) continue;
    const key = `${platform}/${authorId}`;
    const t = Date.parse(publishedAt ?? '');
    firstSeen.set(key, Math.min(firstSeen.get(key) ?? t, t));
  }
  for (const row of b.rows) {
    const { authorId, platform } = row.input;
    if (authorId === undefined) continue;
    const seen = firstSeen.get(`${platform}/${authorId}`) ?? 0;
    const before = row.input.authorFirstSeenAt === undefined ? seen : Date.parse(row.input.authorFirstSeenAt);
    row.input.authorFirstSeenAt = new Date(Math.min(seen, before)).toISOString();
  }
  // An account's profile counts every review it wrote here at least.
  const written = new Map<string, number>();
  for (const row of b.rows) {
    const key = `${row.input.platform}/${row.input.authorId}`;
    if (row.input.authorId !== undefined) written.set(key, (written.get(key) ?? 0) + 1);
  }
  for (const row of b.rows) {
    const n = written.get(`${row.input.platform}/${row.input.authorId}`);
    if (n !== undefined && (row.input.authorReviewCount ?? 0) < n) row.input.authorReviewCount = n;
  }
  const rows = b.rows.sort(
    (x, y) =>
      (x.input.publishedAt ?? '').localeCompare(y.input.publishedAt ?? '') ||
      x.input.id.localeCompare(y.input.id),
  );
  return { brands, rows, start, days };
}

/** Recall per campaign kind, organic flag rate and precision for a set of flagged ids. */
export interface CampaignScore {
  recall: Record<CampaignKind, { flagged: number; total: number }>;
  overallRecall: number;
  organicFlagged: number;
  organicTotal: number;
  /** Organic originals flagged although a campaign copied them later. */
  originalsFlagged: number;
  originalsTotal: number;
  precision: number;
}

export function scoreCampaigns(rows: readonly StreamRow[], flagged: (id: string) => boolean): CampaignScore {
  const recall = Object.fromEntries(CAMPAIGN_KINDS.map((k) => [k, { flagged: 0, total: 0 }])) as Record<
    CampaignKind,
    { flagged: number; total: number }
  >;
  let tp = 0;
  let fp = 0;
  let organicTotal = 0;
  let originalsFlagged = 0;
  let originalsTotal = 0;
  for (const row of rows) {
    const hit = flagged(row.input.id);
    if (row.kind !== undefined) {
      recall[row.kind].total++;
      if (hit) {
        recall[row.kind].flagged++;
        tp++;
      }
      continue;
    }
    organicTotal++;
    if (hit) fp++;
    if (row.copiedLater) {
      originalsTotal++;
      if (hit) originalsFlagged++;
    }
  }
  const campaigns = rows.length - organicTotal;
  return {
    recall,
    overallRecall: tp / Math.max(1, campaigns),
    organicFlagged: fp,
    organicTotal,
    originalsFlagged,
    originalsTotal,
    precision: tp / Math.max(1, tp + fp),
  };
}
