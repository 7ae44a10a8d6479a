/**
 * The openly licensed training data (../shared/data/train) and the held-out
 * split made from it: fixed seed, stratified per file and label, so every
 * language and source keeps its share in both parts. The trainer fits only
 * on the `train` part; the bench reports on the `test` part.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';

export const SHARED_DATA = join(
  resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'),
  '..',
  'shared',
  'data',
);
export const TRAIN_DIR = join(SHARED_DATA, 'train');
export const SPLIT_SEED = 20261201;
/** Share of each (file, label) group held out for testing. */
export const TEST_SHARE = 0.2;

const Row = z.object({
  text: z.string(),
  label: z.enum(['positive', 'negative', 'neutral']),
  rating: z.number().nullable(),
  domain: z.string(),
});

export type Label = 'positive' | 'negative' | 'neutral';

export interface TrainRow {
  /** ISO 639-1. */
  language: string;
  /** The file's name without extension, e.g. `pl-allegro`. */
  source: string;
  domain: string;
  text: string;
  label: Label;
}

/** A small, fast, seedable PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place with the given PRNG. */
export function shuffle<T>(items: T[], next: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const a = items[i];
    const b = items[j];
    if (a === undefined || b === undefined) continue;
    items[i] = b;
    items[j] = a;
  }
  return items;
}

/** Every row of every training file. */
export function readTrainingRows(dir = TRAIN_DIR): TrainRow[] {
  const rows: TrainRow[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    const source = file.replace(/\.jsonl$/, '');
    const language = source.split('-')[0] ?? '';
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const row = Row.parse(JSON.parse(line));
      rows.push({ language, source, domain: row.domain, text: row.text, label: row.label });
    }
  }
  return rows;
}

export interface Split {
  train: TrainRow[];
  test: TrainRow[];
}

/** The held-out split: per (source, label) group, a seeded shuffle, the first 20% to test. */
export function splitRows(rows: readonly TrainRow[], seed = SPLIT_SEED, share = TEST_SHARE): Split {
  const groups = new Map<string, TrainRow[]>();
  for (const r of rows) {
    const key = `${r.source}/${r.label}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const train: TrainRow[] = [];
  const test: TrainRow[] = [];
  for (const key of [...groups.keys()].sort()) {
    const list = shuffle([...(groups.get(key) ?? [])], random(seed ^ hashKey(key)));
    const cut = Math.round(list.length * share);
    test.push(...list.slice(0, cut));
    train.push(...list.slice(cut));
  }
  return { train, test };
}

function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The held-out split of the training files, as the trainer and the bench both see it. */
export function loadSplit(): Split {
  return splitRows(readTrainingRows());
}
