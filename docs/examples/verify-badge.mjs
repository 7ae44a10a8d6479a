#!/usr/bin/env node
// Verifies a Touchstone badge: node verify-badge.mjs https://…/v1/badges/<publicId>.json
// Needs Node.js 18 or later and nothing else. Exit code 0: valid; 1: invalid; 2: could not check.
import { createHash, createPublicKey, verify } from 'node:crypto';

const url = process.argv[2];
if (!url) {
  console.error('usage: node verify-badge.mjs <badge JSON URL>');
  process.exit(2);
}

const getJson = async (u) => {
  const response = await fetch(u, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${u}: HTTP ${response.status}`);
  return response.json();
};

// RFC 8785 (JCS) for this flat object: keys sorted, values as JSON.stringify writes them
// (strings, finite numbers, null, and an array of two numbers; JCS writes numbers the same way).
const canonical = (object) =>
  `{${Object.keys(object)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${JSON.stringify(object[key])}`)
    .join(',')}}`;

try {
  const badge = await getJson(url);
  const signature = badge.signature;
  if (signature?.alg !== 'EdDSA') throw new Error('the badge is not signed');

  // 1. The key: from the published set (the URL is in the badge; check it is the service you expect).
  const keys = await getJson(signature.keys);
  const jwk = keys.keys.find((k) => k.kid === signature.kid);
  if (!jwk) throw new Error(`key ${signature.kid} is not published`);
  // A key's id is its RFC 7638 thumbprint: the id and the key cannot be swapped.
  const thumbprint = createHash('sha256')
    .update(canonical({ crv: jwk.crv, kty: jwk.kty, x: jwk.x }))
    .digest('base64url');
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || thumbprint !== signature.kid) {
    throw new Error('the published key does not match its id');
  }

  // 2. The signed message: exactly these fields, as shown in the badge.
  const message = canonical({
    typ: 'touchstone-badge/1',
    publicId: badge.publicId,
    displayName: badge.displayName,
    websiteHost: badge.websiteHost,
    score: badge.score,
    count: badge.count,
    interval: badge.interval,
    computedAt: badge.computedAt,
    kid: signature.kid,
  });

  // 3. Ed25519.
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
  const valid = verify(
    null,
    Buffer.from(message, 'utf8'),
    publicKey,
    Buffer.from(signature.value, 'base64url'),
  );
  if (!valid) {
    console.log('INVALID: the badge was altered after it was signed');
    process.exit(1);
  }
  console.log(
    `VALID: ${badge.displayName} scores ${badge.score ?? 'n/a'} from ${badge.count} reviews (computed ${badge.computedAt}).`,
  );
  console.log(
    `This badge belongs on ${badge.websiteHost ?? '(no website stated)'}: a copy on any other site is not theirs.`,
  );
  console.log(`Signed with key ${signature.kid} (${jwk.status ?? 'listed'}).`);
} catch (error) {
  console.error(`could not verify: ${error.message}`);
  process.exit(2);
}
