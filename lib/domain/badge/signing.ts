/**
 * What a badge's signature covers, and how it is checked. The signed message
 * is the JSON Canonicalization Scheme (RFC 8785) encoding, in UTF-8, of:
 *
 *   { typ: "touchstone-badge/1", publicId, displayName, websiteHost, score,
 *     count, interval, computedAt, kid }
 *
 * `typ` keeps a badge signature from being valid as anything else. Keys are
 * Ed25519; a key's id is its RFC 7638 JWK thumbprint, so anyone can check
 * that a published key and its id belong together.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import canonicalize from 'canonicalize';

export const SIGNATURE_TYPE = 'touchstone-badge/1';

/** Exactly the fields a badge signature covers. */
export interface SignedFields {
  typ: typeof SIGNATURE_TYPE;
  publicId: string;
  displayName: string;
  /** The brand's own website host; null when its profile has no website. */
  websiteHost: string | null;
  score: number | null;
  /** Reviews the score rests on. */
  count: number;
  interval: [number, number] | null;
  computedAt: string;
  kid: string;
}

export interface SignableBadge {
  publicId: string;
  displayName: string;
  websiteHost?: string | undefined;
  overall: { score: number | null; reviewCount: number; interval: [number, number] | null };
  computedAt: string;
}

export function signedFields(badge: SignableBadge, kid: string): SignedFields {
  return {
    typ: SIGNATURE_TYPE,
    publicId: badge.publicId,
    displayName: badge.displayName,
    websiteHost: badge.websiteHost ?? null,
    score: badge.overall.score,
    count: badge.overall.reviewCount,
    interval: badge.overall.interval,
    computedAt: badge.computedAt,
    kid,
  };
}

/** The bytes that are signed: the RFC 8785 canonical JSON of the fields, as UTF-8. */
export function signingInput(fields: SignedFields): Buffer {
  const text = canonicalize(fields);
  if (text === undefined) throw new Error('signed fields did not canonicalise');
  return Buffer.from(text, 'utf8');
}

/** A published Ed25519 public key (its JWK members), with when it was in use. */
export interface PublishedKey {
  kid: string;
  /** base64url of the 32-byte public key (the JWK `x`). */
  x: string;
  /** First published. */
  since: string;
  /** When another key took over; signatures made before it still verify. */
  retiredAt?: string;
}

/** RFC 7638 thumbprint of an Ed25519 JWK: base64url(SHA-256 of its required members, in order). */
export function keyIdOf(x: string): string {
  return createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest('base64url');
}

/** The JWK `x` of an Ed25519 public key given as SPKI DER (what KMS's GetPublicKey returns). */
export function xOfSpki(der: Uint8Array): string {
  const jwk = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' }).export({
    format: 'jwk',
  });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new Error('not an Ed25519 public key');
  }
  return jwk.x;
}

/** Whether `signature` (base64url) is `key`'s Ed25519 signature of `fields`. */
export function verifySignedFields(fields: SignedFields, signature: string, key: { x: string }): boolean {
  if (fields.kid !== keyIdOf(key.x)) return false;
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.x }, format: 'jwk' });
  return verify(null, signingInput(fields), publicKey, Buffer.from(signature, 'base64url'));
}
