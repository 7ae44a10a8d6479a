/**
 * What the operator commands (`npm run migrate`, `ops:operator-key`,
 * `ops:offboard-tenant`) share: `--table`, `--region` and `--help`, required
 * options named in one line, bad arguments and failures said in one line
 * (never a stack trace), and the table's repository.
 */
import { parseArgs } from 'node:util';
import { makeDocumentClient, makeDynamoClient } from '#lib/adapters/dynamodb/client.ts';
import { DynamoRepository } from '#lib/adapters/dynamodb/repository.ts';
import { dueShards } from '#lib/config.ts';

export interface CommandTable {
  tableName: string;
  region: string;
  doc: ReturnType<typeof makeDocumentClient>;
  repo: DynamoRepository;
}

/** Runs `main` with the parsed options (all strings) and the table; sets the exit code. */
export async function runCommand<K extends string>(
  usage: string,
  options: { required: readonly K[]; optional?: readonly string[] },
  main: (
    values: Record<K, string> & Record<string, string | undefined>,
    table: CommandTable,
  ) => Promise<number>,
): Promise<void> {
  process.exitCode = await (async () => {
    let values: Record<string, string | boolean | undefined>;
    try {
      const names = ['table', 'region', ...options.required, ...(options.optional ?? [])];
      ({ values } = parseArgs({
        options: {
          ...Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])),
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
      }));
    } catch (error) {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
      return 2;
    }
    if (values.help === true) {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    const missing = ['table', ...options.required].filter((n) => typeof values[n] !== 'string');
    if (missing.length > 0) {
      const named = missing.map((n) => `--${n}`).join(' and ');
      process.stderr.write(`error: ${named} ${missing.length > 1 ? 'are' : 'is'} required\n${usage}\n`);
      return 2;
    }
    const tableName = String(values.table);
    const region =
      typeof values.region === 'string' ? values.region : (process.env.AWS_REGION ?? 'us-east-1');
    const doc = makeDocumentClient(makeDynamoClient({ region }));
    const repo = new DynamoRepository(doc, { tableName, dueShards: dueShards(process.env) });
    try {
      return await main(values as Record<K, string> & Record<string, string | undefined>, {
        tableName,
        region,
        doc,
        repo,
      });
    } catch (error) {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  })();
}
