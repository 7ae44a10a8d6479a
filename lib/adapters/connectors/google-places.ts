/**
 * Google Places API (New) place details: up to 5 reviews (Google's choice,
 * "most relevant") plus identity facts. Needs an API key: the operator's
 * GOOGLE_PLACES_API_KEY (official host only) or the source's own.
 */
import * as z from 'zod';
import { ConnectorError } from '#lib/domain/errors.ts';
import { parseJsonWith } from '#lib/domain/safe-json.ts';
import { GooglePlacesParams } from '#lib/domain/sources/params.ts';
import type { Connector, IdentityFacts } from '#lib/ports.ts';
import { author, clip, toIso, validItems } from './shared.ts';

export const PLACES_FIELD_MASK =
  'id,displayName,rating,userRatingCount,reviews,formattedAddress,internationalPhoneNumber,websiteUri,regularOpeningHours.weekdayDescriptions,googleMapsUri';

const LocalizedText = z.object({ text: z.string(), languageCode: z.string().optional() });
const Review = z.looseObject({
  name: z.string(),
  rating: z.number(),
  text: LocalizedText.optional(),
  originalText: LocalizedText.optional(),
  authorAttribution: z.object({ displayName: z.string().optional(), uri: z.string().optional() }).optional(),
  publishTime: z.string(),
  googleMapsUri: z.string().optional(),
});
const Place = z.looseObject({
  id: z.string().optional(),
  displayName: LocalizedText.optional(),
  rating: z.number().optional(),
  userRatingCount: z.number().optional(),
  reviews: z.array(z.unknown()).optional(),
  formattedAddress: z.string().optional(),
  internationalPhoneNumber: z.string().optional(),
  websiteUri: z.string().optional(),
  regularOpeningHours: z.object({ weekdayDescriptions: z.array(z.string()).optional() }).optional(),
});

export const googlePlacesConnector: Connector<GooglePlacesParams> = {
  kind: 'google-places',
  params: GooglePlacesParams,
  async fetch(ctx) {
    const key = ctx.credentials?.apiKey;
    if (key === undefined) {
      throw new ConnectorError(
        'unauthorized',
        "No Google Places API key for this source: the operator's goes only to places.googleapis.com, and the source has none of its own",
      );
    }
    const url = new URL(`${ctx.params.baseUrl}/v1/places/${encodeURIComponent(ctx.params.placeId)}`);
    if (ctx.params.languageCode !== undefined) url.searchParams.set('languageCode', ctx.params.languageCode);
    const res = await ctx.http.request({
      url: url.href,
      headers: { 'x-goog-api-key': key, 'x-goog-fieldmask': PLACES_FIELD_MASK },
      accept: ['application/json'],
    });
    const place = parseJsonWith(Place, res.body, 'Google Places');
    const items = validItems(
      (place.reviews ?? []).map((raw) => {
        const parsed = Review.safeParse(raw);
        if (!parsed.success) return undefined;
        const r = parsed.data;
        const text = r.originalText ?? r.text;
        return {
          // `places/{place}/reviews/{review}` is stable for a review.
          externalId: r.name,
          url: r.googleMapsUri,
          author: author({
            name: r.authorAttribution?.displayName,
            id: r.authorAttribution?.uri,
            profileUrl: r.authorAttribution?.uri,
          }),
          rating: r.rating,
          ratingScale: 5,
          text: clip(text?.text ?? '', 50_000),
          language: text?.languageCode,
          publishedAt: toIso(r.publishTime),
        };
      }),
    );
    const identity: IdentityFacts = {};
    if (place.displayName !== undefined) identity.name = place.displayName.text;
    if (place.internationalPhoneNumber !== undefined) identity.telephone = [place.internationalPhoneNumber];
    if (place.formattedAddress !== undefined) identity.address = [place.formattedAddress];
    if (place.websiteUri !== undefined) identity.url = place.websiteUri;
    const hours = place.regularOpeningHours?.weekdayDescriptions;
    if (hours !== undefined && hours.length > 0) identity.openingHours = hours;
    if (place.rating !== undefined) {
      identity.aggregateRating = {
        ratingValue: place.rating,
        bestRating: 5,
        ...(place.userRatingCount !== undefined ? { reviewCount: place.userRatingCount } : {}),
      };
    }
    // No cursor: the API returns the same <= 5 reviews; dedupe drops repeats.
    return { items, identity };
  },
};
