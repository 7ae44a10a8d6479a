/**
 * robots.txt per RFC 9309: groups by user-agent product token, longest
 * matching rule wins, `allow` wins a tie, `*` and `$` are the only specials.
 */

interface Rule {
  allow: boolean;
  pattern: string;
}

interface Group {
  agents: string[];
  rules: Rule[];
}

/** Parsed robots.txt; `allowAll` / `disallowAll` stand for a missing or unreachable file. */
export interface RobotsRules {
  groups: Group[];
  mode?: 'allow-all' | 'disallow-all';
}

export const ALLOW_ALL: RobotsRules = { groups: [], mode: 'allow-all' };
export const DISALLOW_ALL: RobotsRules = { groups: [], mode: 'disallow-all' };

/** Parses a robots.txt body. Unknown lines are ignored, as the RFC asks. */
export function parseRobots(text: string): RobotsRules {
  const groups: Group[] = [];
  let current: Group | undefined;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const hash = rawLine.indexOf('#');
    const line = (hash < 0 ? rawLine : rawLine.slice(0, hash)).trim();
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const field = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (field === 'user-agent') {
      if (current === undefined || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
    } else if (field === 'allow' || field === 'disallow') {
      lastWasAgent = false;
      // An empty disallow matches nothing; rules before any user-agent are ignored.
      if (current === undefined || value === '') continue;
      current.rules.push({ allow: field === 'allow', pattern: normalisePath(value) });
    }
  }
  return { groups };
}

// Percent-encodes characters a crawler would encode, so `/å` and `/%C3%A5` compare equal.
function normalisePath(path: string): string {
  return path
    .replace(/[^\x21-\x7e]/gu, (ch) => encodeURIComponent(ch))
    .replace(/%[0-9a-f]{2}/g, (m) => m.toUpperCase());
}

function patternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const regex = body
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${regex}${anchored ? '$' : ''}`).test(path);
}

/** Whether `productToken` may fetch `pathAndQuery` (e.g. `/reviews?page=2`). */
export function robotsAllows(rules: RobotsRules, pathAndQuery: string, productToken: string): boolean {
  if (rules.mode === 'allow-all') return true;
  if (rules.mode === 'disallow-all') return false;
  if (pathAndQuery === '/robots.txt') return true;
  const token = productToken.toLowerCase();
  let applicable = rules.groups.filter((g) => g.agents.includes(token));
  if (applicable.length === 0) applicable = rules.groups.filter((g) => g.agents.includes('*'));
  const path = normalisePath(pathAndQuery);
  let best: Rule | undefined;
  for (const rule of applicable.flatMap((g) => g.rules)) {
    if (!patternMatches(rule.pattern, path)) continue;
    if (
      best === undefined ||
      rule.pattern.length > best.pattern.length ||
      (rule.pattern.length === best.pattern.length && rule.allow)
    ) {
      best = rule;
    }
  }
  return best === undefined || best.allow;
}
