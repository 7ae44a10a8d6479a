import type { Config } from '#lib/config.ts';
import type { Analysis, Brand, Item, SourceKind } from '#lib/domain/model.ts';
import type { Clock, Connector, HttpClient, Queue, Repository } from '#lib/ports.ts';

/** Judges new items of a brand; `history` is stored context that cross-item signals look at. */
export type Analyzer = (brand: Brand, items: Item[], history: Item[]) => Promise<Map<string, Analysis>>;

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Everything a use-case may touch; built once per container by `createDeps`. */
export interface Deps {
  config: Config;
  repo: Repository;
  clock: Clock;
  queue: Queue;
  http: HttpClient;
  connectorFor(kind: SourceKind): Connector | undefined;
  secrets(): Promise<Record<string, string | undefined>>;
  analyze: Analyzer;
  log: Logger;
}

/** One JSON line per event: CloudWatch and a terminal both read it. */
export function jsonLogger(
  base: Record<string, unknown> = {},
  sink: (line: string) => void = console.log,
): Logger {
  const write = (level: string, message: string, fields: Record<string, unknown> = {}) =>
    sink(JSON.stringify({ level, message, ...base, ...fields, time: new Date().toISOString() }));
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
