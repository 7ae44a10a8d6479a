import type { AnalysisInput } from '#lib/domain/analysis/analyze.ts';

/**
 * A seeded, synthetic review stream: organic traffic for many brands, with
 * paid-review campaigns injected (bursts, templated text with names swapped,
 * sock-puppet authors, rating/text mismatch). Organic traffic includes the
 * hard negatives a detector must leave alone: short stock praise, busy days
 * with mixed ratings, loyal customers who review often, 1★ complaints.
 */
export interface LabelledReview {
  input: AnalysisInput;
  campaign: boolean;
}

export interface StreamOptions {
  seed?: number;
  rows: number;
  brands?: number;
  /** Share of rows that belong to campaigns. */
  campaignShare?: number;
  start?: Date;
  days?: number;
}

/** Mulberry32: small, fast, seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
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
];
const CLOSERS_GOOD = ['', ' Would buy again.', ' Happy so far.', ' Fair enough.'];
const CLOSERS_BAD = ['', ' Not sure I would order again.', ' Disappointed.', ' We will see how it lasts.'];
const SHORT_GOOD = ['Great service!', 'Love it', 'Good value', 'Fast delivery, thanks', 'Not bad'];
const SHORT_BAD = ['Terrible.', 'Never again', 'Waste of money', 'Very slow delivery'];
const TEMPLATES = [
  'Absolutely amazing experience with {brand}, {name} was so helpful and the quality is outstanding, best purchase I have made this year',
  'I cannot recommend {brand} enough, the team led by {name} went above and beyond and everything was perfect from start to finish',
  'Five stars for {brand}! Super fast shipping, great quality and {name} from customer care answered all my questions immediately',
  'Best company ever, {name} made the whole process easy and the product exceeded all my expectations, will definitely buy again',
];
const ATTACK = [
  'Worst company I have ever dealt with, {name} was rude and the product broke immediately, avoid {brand} at all costs',
  'Total scam, {brand} never delivered and {name} refused to help, stay away from this company',
];

function pick<T>(r: () => number, list: readonly T[]): T {
  const item = list[Math.floor(r() * list.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

function organicStars(r: () => number): number {
  const x = r();
  return x < 0.5 ? 5 : x < 0.7 ? 4 : x < 0.78 ? 3 : x < 0.85 ? 2 : 1;
}

// Organic sentences are assembled from independent slots so that two customers
// rarely share more than a few words in a row, as in real traffic.
const SUBJECTS = ['The', 'My', 'Our', 'This', 'Their'];
const NOUNS = [
  'blender',
  'case',
  'router',
  'jacket',
  'coffee machine',
  'lamp',
  'backpack',
  'headphones',
  'courier',
  'app',
  'refund',
  'parcel',
  'manual',
  'charger',
  'staff',
  'checkout',
  'box',
  'battery',
  'screen',
  'strap',
];
const GOOD = [
  'works well',
  'held up fine',
  'arrived early',
  'looks nicer than the photos',
  'was easy to set up',
  'feels sturdy',
  'was sorted out quickly',
  'fits nicely',
  'does the job',
  'charges fast',
];
const BAD = [
  'broke after a while',
  'came late',
  'was missing a screw',
  'stopped charging',
  'crashes a lot',
  'took ages',
  'was not refunded',
  'smells of plastic',
  'was scratched',
  'keeps disconnecting',
];
const MID = ['is okay', 'is fine I guess', 'is average', 'could be better', 'is what you expect'];
const TAILS = [
  'after {n} days',
  'within {n} hours',
  'for {n} euros',
  'on day {n}',
  'after {n} uses',
  'in week {n}',
  'at {n} pm',
  '',
  '',
  '',
];
const LINKS = ['and', 'although', 'while', 'so', 'but honestly', 'and also'];

function organicText(r: () => number, stars: number): string {
  if (r() < 0.12) return pick(r, stars >= 3 ? SHORT_GOOD : SHORT_BAD);
  const pool = stars >= 4 ? GOOD : stars <= 2 ? BAD : MID;
  const clause = () => {
    const tail = pick(r, TAILS).replace('{n}', String(1 + Math.floor(r() * 40)));
    return `${pick(r, SUBJECTS).toLowerCase()} ${pick(r, NOUNS)} ${pick(r, r() < 0.85 ? pool : MID)}${tail === '' ? '' : ` ${tail}`}`;
  };
  const sentences = 2 + Math.floor(r() * 3);
  const parts: string[] = [];
  for (let i = 0; i < sentences; i++) {
    const text = r() < 0.5 ? `${clause()} ${pick(r, LINKS)} ${clause()}` : clause();
    parts.push(`${text.charAt(0).toUpperCase()}${text.slice(1)}.`);
  }
  return `${parts.join(' ')}${pick(r, stars >= 3 ? CLOSERS_GOOD : CLOSERS_BAD)}`;
}

/** Generates `rows` labelled reviews in time order. Deterministic for a seed. */
export function reviewStream(options: StreamOptions): LabelledReview[] {
  const r = prng(options.seed ?? 42);
  const brands = Array.from({ length: options.brands ?? 20 }, (_, i) => `brand-${i}`);
  const start = (options.start ?? new Date('2024-01-01T00:00:00Z')).getTime();
  const days = options.days ?? 180;
  const span = days * 86_400_000;
  const out: LabelledReview[] = [];
  const campaignRows = Math.round(options.rows * (options.campaignShare ?? 0.05));
  const organicRows = options.rows - campaignRows;
  const loyal = Array.from({ length: 300 }, (_, i) => `loyal-${i}`);

  for (let i = 0; i < organicRows; i++) {
    const brand = pick(r, brands);
    const stars = organicStars(r);
    // A few busy days per brand (sales, news): more traffic, ordinary ratings.
    const busy = r() < 0.05;
    const time = busy
      ? start + (Math.floor(r() * 6) + 1) * 30 * 86_400_000 + Math.floor(r() * 86_400_000)
      : start + Math.floor(r() * span);
    const isLoyal = r() < 0.1;
    const author = isLoyal ? pick(r, loyal) : `user-${i}`;
    out.push({
      campaign: false,
      input: {
        id: `o${i}`,
        text: organicText(r, stars),
        rating: stars,
        brand,
        touchpoint: pick(r, ['web', 'app', 'google']),
        source: 'import',
        authorId: author,
        authorReviewCount: isLoyal ? 5 + Math.floor(r() * 60) : r() < 0.35 ? 1 : 2 + Math.floor(r() * 20),
        publishedAt: new Date(time).toISOString(),
        verified: r() < 0.8,
      },
    });
  }

  let made = 0;
  let c = 0;
  while (made < campaignRows) {
    const size = Math.min(campaignRows - made, 8 + Math.floor(r() * 18));
    const attack = r() < 0.15;
    const targets = [pick(r, brands), pick(r, brands)];
    const startAt = start + Math.floor(r() * (span - 86_400_000));
    const window = (1 + Math.floor(r() * 6)) * 3_600_000;
    const puppets = Array.from({ length: Math.max(2, Math.floor(size / 3)) }, (_, k) => `puppet-${c}-${k}`);
    const template = attack ? pick(r, ATTACK) : pick(r, TEMPLATES);
    for (let k = 0; k < size; k++) {
      const brand = pick(r, targets);
      const fresh = r() < 0.6;
      const mismatch = !attack && r() < 0.08;
      const text = mismatch
        ? 'Arrived broken and support ignored me, a waste of money, terrible'
        : template.replace('{brand}', brand).replace('{name}', pick(r, NAMES));
      out.push({
        campaign: true,
        input: {
          id: `c${c}-${k}`,
          text,
          rating: attack ? 1 : 5,
          brand,
          touchpoint: 'google',
          source: 'import',
          authorId: fresh ? `new-${c}-${k}` : pick(r, puppets),
          authorReviewCount: fresh ? 1 : 1 + Math.floor(r() * 4),
          publishedAt: new Date(startAt + Math.floor(r() * window)).toISOString(),
          verified: r() < 0.3,
        },
      });
      made++;
    }
    c++;
  }
  return out.sort((a, b) => (a.input.publishedAt ?? '').localeCompare(b.input.publishedAt ?? ''));
}
