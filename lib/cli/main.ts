import { parseArgs } from 'node:util';
import { LocalSentimentEngine } from '#lib/adapters/local/sentiment.ts';
import { analyzeFile, type InputFormat, spoolStdin, UnusableInputError } from './analyze.ts';

const USAGE = `Usage: touchstone analyze [file] [--format jsonl|csv] [--brand-name NAME]...
Reads review rows (JSONL or CSV) from the file or stdin and writes one JSONL analysis per row.`;

async function analyze(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'brand-name': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const format = values.format;
  if (format !== undefined && format !== 'jsonl' && format !== 'csv') {
    process.stderr.write(`error: --format must be jsonl or csv, got "${format}"\n`);
    return 2;
  }
  const formatChoice: InputFormat | undefined = format;
  const file = positionals[0];
  const stdin = file === undefined || file === '-' ? await spoolStdin(process.stdin) : undefined;
  try {
    const { ok, bad } = await analyzeFile(stdin?.path ?? file ?? '-', {
      engine: new LocalSentimentEngine(),
      ...(formatChoice === undefined ? {} : { format: formatChoice }),
      brandNames: values['brand-name'] ?? [],
      out: process.stdout,
      err: process.stderr,
      progress: process.stderr.isTTY === true,
    });
    if (bad > 0) process.stderr.write(`analyzed ${ok} rows, ${bad} rejected\n`);
    return 0;
  } catch (error) {
    if (error instanceof UnusableInputError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await stdin?.cleanup();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'analyze') return analyze(rest);
  process.stderr.write(`${USAGE}\n`);
  return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
}

process.exitCode = await main(process.argv.slice(2));
