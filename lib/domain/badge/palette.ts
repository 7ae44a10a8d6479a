/**
 * The badge's colours: a fixed palette. No colour is ever taken from a
 * request or a brand record, so none can smuggle markup into an attribute.
 */

/** Message colours of the flat badge, by score (shields.io's palette). */
export const COLORS = {
  brightgreen: '#4c1',
  green: '#97ca00',
  yellow: '#dfb317',
  orange: '#fe7d37',
  red: '#e05d44',
  grey: '#9f9f9f',
} as const;
export type ScoreColor = keyof typeof COLORS;

/** The flat badge's colour for a score; grey when there are not enough reviews. */
export function scoreColor(score: number | null, enough: boolean): ScoreColor {
  if (score === null || !enough) return 'grey';
  if (score >= 4.5) return 'brightgreen';
  if (score >= 4) return 'green';
  if (score >= 3) return 'yellow';
  if (score >= 2) return 'orange';
  return 'red';
}

export const BADGE_THEMES = ['light', 'dark'] as const;
export type BadgeTheme = (typeof BADGE_THEMES)[number];

export interface ThemeColors {
  background: string;
  border: string;
  text: string;
  muted: string;
  star: string;
  emptyStar: string;
  verified: string;
  flatLabel: string;
}

export const THEMES: Record<BadgeTheme, ThemeColors> = {
  light: {
    background: '#ffffff',
    border: '#d0d7de',
    text: '#1f2328',
    muted: '#59636e',
    star: '#f5a623',
    emptyStar: '#d8dee4',
    verified: '#1a7f37',
    flatLabel: '#555',
  },
  dark: {
    background: '#161b22',
    border: '#3d444d',
    text: '#f0f6fc',
    muted: '#9198a1',
    star: '#f5b942',
    emptyStar: '#3d444d',
    verified: '#3fb950',
    flatLabel: '#30363d',
  },
};
