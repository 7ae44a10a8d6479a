import { describe, expect, it } from 'vitest';
import { ALLOW_ALL, DISALLOW_ALL, parseRobots, robotsAllows } from '#lib/adapters/http/robots.ts';

const ROBOTS = `# comment
User-agent: GoogleBot
Disallow: /

User-agent: touchstonebot
User-agent: OtherBot
Disallow: /reviews/
Allow: /reviews/public
Disallow: /*.pdf$
Allow: /tie
Disallow: /tie

User-agent: *
Disallow: /everything-else
`;

describe('robots.txt (RFC 9309)', () => {
  const rules = parseRobots(ROBOTS);

  it.each([
    ['/', true],
    ['/reviews/123', false],
    ['/reviews/public/1', true],
    ['/files/a.pdf', false],
    ['/files/a.pdf?x=1', true],
    ['/tie', true],
    ['/everything-else', true],
    ['/robots.txt', true],
  ])('TouchstoneBot on %s -> %s (own group, longest match, allow wins ties)', (path, allowed) => {
    expect(robotsAllows(rules, path, 'TouchstoneBot')).toBe(allowed);
  });

  it('falls back to the * group for an unnamed agent', () => {
    expect(robotsAllows(rules, '/everything-else/x', 'SomeBot')).toBe(false);
    expect(robotsAllows(rules, '/reviews/1', 'SomeBot')).toBe(true);
  });

  it('treats percent-encoding and raw UTF-8 alike', () => {
    const r = parseRobots('User-agent: *\nDisallow: /caf%c3%a9\n');
    expect(robotsAllows(r, '/café', 'x')).toBe(false);
  });

  it('has explicit allow-all and disallow-all states', () => {
    expect(robotsAllows(ALLOW_ALL, '/x', 'x')).toBe(true);
    expect(robotsAllows(DISALLOW_ALL, '/x', 'x')).toBe(false);
    expect(robotsAllows(parseRobots(''), '/x', 'x')).toBe(true);
  });
});
