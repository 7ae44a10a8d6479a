import { parseArgs } from 'node:util';
import { LocalSentimentEngine } from '#lib/adapters/local/sentiment.ts';
import { MAX_RATING_SCALE } from '#lib/domain/rating.ts';
import pkg from '../../package.json' with { type: 'json' };
import { analyzeFile, spoolStdin, UnusableInputError } from './analyze.ts';
import { FORMATS, type InputFormat } from './rows.ts';

const HELP = `touchstone ${pkg.version}: judge reviews for authenticity, sentiment and pain points.

Usage:
  touchstone analyze [file] [options]   analyse review rows; see touchstone analyze --help
  touchstone --help                      this help
  touchstone --version                   the version

Exit status: 0 done (rejected rows are listed on stderr), 1 no row could be analysed,
2 unusable input or options, 70 an internal error.
`;

const ANALYZE_HELP = `Usage: touchstone analyze [file] [options]

Reads review rows from file, or from stdin when file is - or absent, and writes one
JSON line per analysed row to stdout, in input order:
  {"id", "language", "sentiment": {label, score}, "authenticity": {score, verdict,
   signals: [{code, weight, evidence}]}, "painPoints": [{category, stage, phrase}]}

Input formats (guessed from the extension, then from the first character):
  jsonl   one JSON object per line
  json    one JSON array of objects
  csv     a header row, then one row per review

Row fields: id and text are required; optional: rating, ratingScale (top of the
scale, default 5, at most ${MAX_RATING_SCALE}), ratingMin (bottom, default 1; 0 on a 0..10 scale),
title, author, authorId, authorReviewCount, authorFirstSeenAt (ISO 8601: when you
first saw the author), platform (which site issued authorId), externalId (the id to
quote in evidence), publishedAt (ISO 8601 with Z or an offset), source, touchpoint,
verified, language (a hint, e.g. pl), brand.
Signals that span rows (duplicates, bursts, young-account surges, polarised pairs,
reviewer patterns) are computed across the whole input.

Options:
  --format <jsonl|json|csv>   the input format, when the guess is wrong
  --brand-name <name>         a name of the brand, masked in templates and counted
                              by the repeated-name cue; repeat for several names
  --rating-scale <max>        the top of the rating scale for rows that give none
  --rating-min <min>          the bottom of the rating scale for rows that give none
  --no-progress               no progress bar (it is shown only when stderr is a terminal)
  -h, --help                  this help

A row that cannot be used is named on stderr (row number, id and the problem) and
skipped; the rest are analysed. Empty, binary or unreadable input stops with one line.
`;

/** One line, the way every problem is reported: no stack trace. */
function fail(message: string, code: number): number {
  process.stderr.write(`error: ${message}\n`);
  return code;
}

function number(name: string, value: string | undefined, check: (n: number) => boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new UsageError(`--${name} got "${value}"`);
  return n;
}

class UsageError extends Error {}

async function analyze(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    allowNegative: true,
    options: {
      format: { type: 'string' },
      'brand-name': { type: 'string', multiple: true },
      'rating-scale': { type: 'string' },
      'rating-min': { type: 'string' },
      progress: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(ANALYZE_HELP);
    return 0;
  }
  const format = values.format;
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be jsonl, json or csv, got "${format}"`);
  }
  const ratingScale = number(
    'rating-scale',
    values['rating-scale'],
    (n) => Number.isInteger(n) && n > 0 && n <= MAX_RATING_SCALE,
  );
  const ratingMin = number('rating-min', values['rating-min'], (n) => Number.isInteger(n) && n >= 0);
  if (positionals.length > 1) throw new UsageError(`one input file at most, got ${positionals.length}`);
  const file = positionals[0];
  const stdin = file === undefined || file === '-' ? await spoolStdin(process.stdin) : undefined;
  try {
    const { ok, bad } = await analyzeFile(stdin?.path ?? file ?? '-', {
      engine: new LocalSentimentEngine(),
      ...(format === undefined ? {} : { format: format as InputFormat }),
      brandNames: values['brand-name'] ?? [],
      ...(ratingScale === undefined ? {} : { ratingScale }),
      ...(ratingMin === undefined ? {} : { ratingMin }),
      out: process.stdout,
      err: process.stderr,
      progress: values.progress !== false && process.stderr.isTTY === true,
    });
    if (bad > 0) process.stderr.write(`analyzed ${ok} rows, ${bad} rejected\n`);
    return ok === 0 && bad > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof UnusableInputError) {
      const name = stdin === undefined ? file : 'stdin';
      return fail(error.message.startsWith('cannot read') ? error.message : `${name}: ${error.message}`, 2);
    }
    throw error;
  } finally {
    await stdin?.cleanup();
  }
}

/** Runs the command line; returns the exit status. Never lets a stack trace out. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'analyze') return await analyze(rest);
    if (command === '--version' || command === '-v') {
      process.stdout.write(`${pkg.version}\n`);
      return 0;
    }
    if (command === 'help' && rest[0] === 'analyze') {
      process.stdout.write(ANALYZE_HELP);
      return 0;
    }
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    return fail(`unknown command "${command}"; see touchstone --help`, 2);
  } catch (error) {
    if (error instanceof UsageError) return fail(`${error.message}; see touchstone analyze --help`, 2);
    // parseArgs reports unknown and malformed options with a code.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      return fail(`${error.message}; see touchstone analyze --help`, 2);
    }
    if (process.env.TOUCHSTONE_DEBUG)
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    return fail(
      `internal error: ${error instanceof Error ? error.message : String(error)} (set TOUCHSTONE_DEBUG=1 for details)`,
      70,
    );
  }
}
