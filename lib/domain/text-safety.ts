/**
 * Text a person types into Touchstone (names, labels, profile fields) is
 * NFC-normalised and refused when it carries what has no business in a name:
 * control characters, bidirectional overrides and isolates (which can reorder
 * what a reader sees), lone surrogates, or nothing but white space.
 */
import * as z from 'zod';
import { regexes } from 'zod/v4/core';

// C0 (except tab, LF, CR), DEL and C1 controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
const LINE_BREAKS = /[\t\n\r]/u;
// LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI.
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;

/** Why a text is unsafe to store as a name, or undefined. */
export function unsafeTextProblem(text: string, options: { multiline?: boolean } = {}): string | undefined {
  if (!text.isWellFormed()) return 'contains a lone surrogate (not valid Unicode text)';
  if (CONTROL.test(text)) return 'contains a control character';
  if (!options.multiline && LINE_BREAKS.test(text)) return 'contains a line break or tab';
  if (BIDI_CONTROL.test(text)) return 'contains a bidirectional override';
  if (text.trim() === '') return 'is empty or only white space';
  return undefined;
}

/** A name-like string: NFC-normalised, bounded, without controls or bidi overrides. */
export function safeText(max: number, options: { multiline?: boolean } = {}) {
  return z
    .string()
    .max(max)
    .normalize('NFC')
    .superRefine((text, ctx) => {
      const problem = unsafeTextProblem(text, options);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    });
}

// A DNS name with a dot: what a public website has (zod's own `regexes.domain`, imported alone to keep bundles lean).
const DOMAIN = regexes.domain;

/** An absolute http(s) URL; `javascript:`, `data:` and friends are refused. */
export function webUrl(max = 2000) {
  return z.url({ protocol: /^https?$/, hostname: DOMAIN }).max(max);
}
