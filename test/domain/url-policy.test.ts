import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnectorError } from '#lib/domain/errors.ts';
import { addressRefusal, isPublicAddress, vetUrl } from '#lib/domain/url-policy.ts';

const policy = { allowHosts: new Set<string>(), ports: new Set([80, 443]) };

function refusalCode(url: string): string | undefined {
  try {
    vetUrl(url, policy);
    return undefined;
  } catch (err) {
    return err instanceof ConnectorError ? err.code : 'other';
  }
}

const HOSTILE = [
  // loopback, every spelling
  'http://127.0.0.1/',
  'http://127.1/',
  'http://127.0.1/',
  'http://0x7f.0.0.1/',
  'http://0x7f000001/',
  'http://2130706433/',
  'http://017700000001/',
  'http://0177.0.0.1/',
  'http://0177.0.0.01/',
  'http://127.000.000.001/',
  'http://%31%32%37.0.0.1/',
  'http://127\u30020\u30020\u30021/',
  'http://\u2460\u2461\u2466.0.0.1/',
  'http://127.0.0.1:80/',
  'http://[::1]/',
  'http://[0:0:0:0:0:0:0:1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/',
  'http://[0:0:0:0:0:ffff:127.0.0.1]/',
  'http://[::127.0.0.1]/',
  'http://localhost/',
  'http://LOCALHOST./',
  'http://foo.localhost/',
  'http://example.com@127.0.0.1/',
  // private
  'http://10.0.0.1/',
  'http://10.255.255.255/',
  'http://10.1/',
  'http://172.16.0.1/',
  'http://172.31.255.254/',
  'http://192.168.0.1/',
  'https://192.168.1.1/',
  'http://0xc0a80001/',
  'http://3232235521/',
  'http://0300.0250.0.1/',
  'http://192.168.1/',
  'http://[::ffff:0a00:0001]/',
  'http://[fc00::1]/',
  'http://[fd12:3456::1]/',
  // link-local and cloud metadata
  'http://169.254.169.254/latest/meta-data/',
  'http://169.254.170.2/v2/credentials',
  'http://[fd00:ec2::254]/',
  'http://0xa9fea9fe/',
  'http://2852039166/',
  'http://0251.0376.0251.0376/',
  'http://[::ffff:169.254.169.254]/',
  'http://[fe80::1]/',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://instance-data/',
  // CGNAT, multicast, broadcast, unspecified, reserved, documentation, benchmarking
  'http://100.64.0.1/',
  'http://100.127.255.254/',
  'http://224.0.0.1/',
  'http://239.255.255.250/',
  'http://255.255.255.255/',
  'http://240.0.0.1/',
  'http://0.0.0.0/',
  'http://0/',
  'http://[::]/',
  'http://[ff02::1]/',
  'http://192.0.2.1/',
  'http://198.51.100.7/',
  'http://203.0.113.9/',
  'http://198.18.0.1/',
  'http://192.0.0.8/',
  'http://[2001:db8::1]/',
  // NAT64, 6to4 and Teredo wrapping private addresses
  'http://[64:ff9b::7f00:1]/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://[64:ff9b::10.0.0.1]/',
  'http://[64:ff9b:1::a00:1]/',
  'http://[2002:7f00:1::]/',
  'http://[2002:c0a8:101::1]/',
  'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
  // internal names
  'http://internal.home.arpa/',
  'http://1.0.0.127.in-addr.arpa/',
  'http://printer.local/',
  // schemes, ports, credentials
  'file:///etc/passwd',
  'gopher://127.0.0.1:70/',
  'dict://127.0.0.1:11211/',
  'ftp://example.com/',
  'javascript:alert(1)',
  'data:text/plain,hi',
  'http://example.com:22/',
  'http://example.com:8080/',
  'https://example.com:6379/',
  'https://user:pass@example.com/',
  'http://[::ffff:127.0.0.1%25eth0]/',
  'not a url',
];

describe('vetUrl', () => {
  it(`refuses all ${HOSTILE.length} hostile URLs with blocked-by-policy`, () => {
    // Prepare
    expect(HOSTILE.length).toBeGreaterThanOrEqual(60);
    // Act
    const outcomes = HOSTILE.map((url) => [url, refusalCode(url)] as const);
    // Assess
    expect(outcomes.filter(([, code]) => code !== 'blocked-by-policy')).toEqual([]);
  });

  it.each([
    'http://example.com/',
    'https://apps.apple.com/us/app/x/id1',
    'https://93.184.216.34/',
    'http://8.8.8.8/',
    'https://[2606:4700:4700::1111]/',
    'http://[64:ff9b::808:808]/',
    'https://example.com:443/path?q=1',
  ])('lets the public URL %s through', (url) => {
    expect(refusalCode(url)).toBeUndefined();
  });

  it('lets an allow-listed loopback host:port through, but not another port', () => {
    // Prepare
    const allowing = { allowHosts: new Set(['127.0.0.1:4000']), ports: new Set([80, 443]) };
    // Act
    const allowed = vetUrl('http://127.0.0.1:4000/x', allowing);
    // Assess
    expect(allowed.port).toBe('4000');
    expect(() => vetUrl('http://127.0.0.1:4001/x', allowing)).toThrow(ConnectorError);
    expect(() => vetUrl('http://localhost:4000/x', allowing)).toThrow(ConnectorError);
  });
});

// Independent of the implementation's table: the ranges a private address generator draws from.
const PRIVATE_V4: Array<[number, number]> = [
  [0x0a000000, 8],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0xac100000, 12],
  [0xc0a80000, 16],
  [0x64400000, 10],
  [0x00000000, 8],
  [0xe0000000, 4],
  [0xf0000000, 4],
];

const privateV4 = fc
  .tuple(fc.constantFrom(...PRIVATE_V4), fc.integer({ min: 0, max: 0xffffffff }))
  .map(([[base, bits], noise]) => (base | (noise >>> bits)) >>> 0);

const octets = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255] as const;

function spell(n: number, style: number): string {
  const [a, b, c, d] = octets(n);
  const hex = (x: number) => `0x${x.toString(16)}`;
  const oct = (x: number) => `0${x.toString(8)}`;
  switch (style) {
    case 0:
      return `${a}.${b}.${c}.${d}`;
    case 1:
      return [a, b, c, d].map(hex).join('.');
    case 2:
      return [a, b, c, d].map(oct).join('.');
    case 3:
      return String(n);
    case 4:
      return hex(n);
    case 5:
      return oct(n);
    case 6:
      return `${a}.${b}.${(c << 8) | d}`;
    case 7:
      return `${a}.${(b << 16) | (c << 8) | d}`;
    case 8:
      return `[::ffff:${a}.${b}.${c}.${d}]`;
    case 9:
      return `[::ffff:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}]`;
    case 10:
      return `[64:ff9b::${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}]`;
    default:
      return `${hex(a)}.${b}.${oct(c)}.${d}`;
  }
}

describe('address policy properties', () => {
  it('refuses every private, loopback, link-local, CGNAT, multicast or reserved IPv4 in any spelling', () => {
    fc.assert(
      fc.property(privateV4, fc.integer({ min: 0, max: 11 }), (n, style) => {
        expect(refusalCode(`http://${spell(n, style)}/`)).toBe('blocked-by-policy');
      }),
      { numRuns: 2000 },
    );
  });

  it('allows public unicast IPv4 addresses in every spelling the URL parser normalises', () => {
    const isSpecial = (n: number) =>
      PRIVATE_V4.some(([base, bits]) => n >>> (32 - bits) === base >>> (32 - bits)) ||
      [
        [0xc0000000, 24],
        [0xc0000200, 24],
        [0xc6120000, 15],
        [0xc6336400, 24],
        [0xcb007100, 24],
        [0xc0586300, 24],
        [0xc01fc400, 24],
        [0xc034c100, 24],
        [0xc0af3000, 24],
      ].some(([base = 0, bits = 32]) => n >>> (32 - bits) === base >>> (32 - bits));
    const publicV4 = fc.integer({ min: 0x01000000, max: 0xdfffffff }).filter((n) => !isSpecial(n));
    fc.assert(
      fc.property(publicV4, fc.integer({ min: 0, max: 7 }), (n, style) => {
        const url = vetUrl(`http://${spell(n, style)}/`, policy);
        expect(url.hostname).toBe(octets(n).join('.'));
        expect(isPublicAddress(url.hostname)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses any string that is not a canonical address', () => {
    expect(addressRefusal('0x7f000001')).toBe('not a canonical IP address');
    expect(addressRefusal('localhost')).toBe('not a canonical IP address');
  });
});
