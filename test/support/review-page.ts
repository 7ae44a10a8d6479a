const OPENINGS = ['Bought it in', 'Ordered in', 'Got mine in', 'Picked one up in', 'Received it in'];
const MONTHS = ['January', 'March', 'May', 'July', 'September', 'November'];
const BODIES = [
  'the burrs are steel and the 40 settings cover espresso to French press',
  'the courier left the box in the rain and the lid cracked',
  'it stopped turning after %d days and support replaced the motor',
  'grinding %d grams takes about twelve seconds, quieter than my old one',
  'the hopper holds %d grams, enough for a week of filter coffee',
  'checkout charged my card twice and the refund took a week',
  'it arrived %d days late without any tracking updates',
];
const ENDINGS = [
  'Would buy again.',
  'Not sure yet.',
  'Fine for the price.',
  'Disappointed.',
  'Happy overall.',
];

/** Distinct, plausible review text for review `i` (deterministic). */
function varied(i: number): string {
  const pick = <T>(list: readonly T[], salt: number): T =>
    list[(i * 7919 + salt * 104_729) % list.length] as T;
  const body = pick(BODIES, 1).replace('%d', String((i % 37) + 2));
  return `${pick(OPENINGS, 2)} ${pick(MONTHS, 3)} for my kitchen in flat ${i}; ${body}. ${pick(ENDINGS, 4)} Order #${10_000 + i * 13}.`;
}

/** Builds a schema.org product page carrying `count` JSON-LD reviews, newest first. */
export function reviewPage(count: number, options: { start?: Date; name?: string } = {}): string {
  const start = options.start ?? new Date('2026-10-01T00:00:00Z');
  const reviews = Array.from({ length: count }, (_, k) => {
    const i = count - k;
    return {
      '@type': 'Review',
      '@id': `https://shop.example/reviews/${i}`,
      author: { '@type': 'Person', '@id': `https://shop.example/people/${i}`, name: `Customer ${i}` },
      datePublished: new Date(start.getTime() + i * 3_600_000).toISOString(),
      reviewRating: { '@type': 'Rating', ratingValue: (i % 5) + 1, bestRating: 5 },
      reviewBody: varied(i),
    };
  });
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: options.name ?? 'Acme Grinder',
    aggregateRating: { '@type': 'AggregateRating', ratingValue: 3.9, reviewCount: count },
    review: reviews,
  };
  return `<!doctype html><html><head><title>Acme Grinder</title><script type="application/ld+json">${JSON.stringify(data)}</script></head><body><h1>Acme Grinder</h1></body></html>`;
}
