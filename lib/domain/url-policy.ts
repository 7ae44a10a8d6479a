/**
 * Which network addresses and URLs the fetcher may reach. Everything that is
 * not plainly public unicast is refused: SSRF defence does not get to guess.
 */
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { ConnectorError } from '#lib/domain/errors.ts';

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

const cidrs = (list: string[]): Cidr[] => list.map((c) => ipaddr.parseCIDR(c));

// IANA special-purpose IPv4 registry, plus multicast and class E.
const BLOCKED_V4 = cidrs([
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.31.196.0/24',
  '192.52.193.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '192.175.48.0/24',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
]);

const GLOBAL_UNICAST_V6 = cidrs(['2000::/3']);
// Inside 2000::/3 but not a plain public host: protocol assignments (Teredo,
// ORCHID, benchmarking), documentation, 6to4 relays, SRv6 SIDs.
const BLOCKED_V6 = cidrs(['2001::/23', '2001:db8::/32', '3fff::/20', '5f00::/16']);
const NAT64_WELL_KNOWN = cidrs(['64:ff9b::/96']);
const SIX_TO_FOUR = cidrs(['2002::/16']);

/** Why an address is refused, or undefined when it is public unicast. */
export function addressRefusal(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not a canonical IP address';
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return 'not a canonical IP address';
  }
  if (parsed.kind() === 'ipv4') {
    return BLOCKED_V4.some((c) => parsed.match(c)) ? 'non-public IPv4 range' : undefined;
  }
  const v6 = ipaddr.IPv6.parse(address);
  // Mapped/compatible forms reach IPv4 stacks: refused outright, public or not.
  if (v6.isIPv4MappedAddress()) return 'IPv4-mapped IPv6 address';
  if (NAT64_WELL_KNOWN.some((c) => v6.match(c))) {
    const embedded = ipaddr.fromByteArray(v6.toByteArray().slice(12)).toString();
    return addressRefusal(embedded) === undefined ? undefined : 'NAT64 of a non-public IPv4 address';
  }
  if (SIX_TO_FOUR.some((c) => v6.match(c))) {
    const embedded = ipaddr.fromByteArray(v6.toByteArray().slice(2, 6)).toString();
    return addressRefusal(embedded) === undefined ? undefined : '6to4 of a non-public IPv4 address';
  }
  if (!GLOBAL_UNICAST_V6.some((c) => v6.match(c))) return 'non-global IPv6 range';
  if (BLOCKED_V6.some((c) => v6.match(c))) return 'special-purpose IPv6 range';
  return undefined;
}

/** True when the (canonical) IP address is public unicast and may be reached. */
export function isPublicAddress(address: string): boolean {
  return addressRefusal(address) === undefined;
}

const BLOCKED_NAME_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa', '.arpa', '.localdomain'];

export interface UrlPolicy {
  /** Normalised `host:port` keys reachable even though private or loopback. */
  allowHosts: ReadonlySet<string>;
  /** Ports reachable on public hosts. */
  ports: ReadonlySet<number>;
}

/** `host:port` key as used by the allow-list; IPv6 hosts keep their brackets. */
export function hostKey(url: URL): string {
  return `${url.hostname}:${effectivePort(url)}`;
}

export function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** Normalises allow-list entries (`localhost:8080`, `[::1]:99`) through the URL parser. */
export function normaliseAllowHosts(entries: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const entry of entries) {
    try {
      out.add(hostKey(new URL(`http://${entry}`)));
    } catch {
      // An unparsable entry allows nothing.
    }
  }
  return out;
}

/** The policy the fetcher applies: public hosts on ports 80/443, plus the operator's allow-list (tests, demo). */
export function fetchPolicy(allowHosts: readonly string[], ports: readonly number[] = [80, 443]): UrlPolicy {
  return { allowHosts: normaliseAllowHosts(allowHosts), ports: new Set(ports) };
}

function refuse(url: string, why: string): ConnectorError {
  return new ConnectorError('blocked-by-policy', `Refused to fetch ${url}: ${why}`);
}

/**
 * Parses and vets a URL before any request. The WHATWG parser normalises
 * octal, hex, short and decimal IPv4 spellings, so literal IPs are checked in
 * canonical form. DNS names are checked again at connect time.
 */
export function vetUrl(raw: string, policy: UrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new ConnectorError('blocked-by-policy', 'Refused to fetch an unparsable URL', { cause });
  }
  const shown = `${url.protocol}//${url.host}`;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse(shown, 'scheme not http(s)');
  if (url.username !== '' || url.password !== '') throw refuse(shown, 'credentials in URL');
  if (policy.allowHosts.has(hostKey(url))) return url;
  if (!policy.ports.has(effectivePort(url))) throw refuse(shown, `port ${effectivePort(url)} not allowed`);
  const host = url.hostname.replace(/\.$/, '').toLowerCase();
  if (host.startsWith('[')) {
    const why = addressRefusal(host.slice(1, -1));
    if (why !== undefined) throw refuse(shown, why);
    return url;
  }
  if (isIP(host) === 4) {
    const why = addressRefusal(host);
    if (why !== undefined) throw refuse(shown, why);
    return url;
  }
  if (host === 'localhost' || BLOCKED_NAME_SUFFIXES.some((s) => host.endsWith(s))) {
    throw refuse(shown, 'internal host name');
  }
  // Single-label names only resolve through local search domains.
  if (!host.includes('.')) throw refuse(shown, 'single-label host name');
  return url;
}
