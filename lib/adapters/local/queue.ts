/**
 * An in-process queue with SQS's contract: at-least-once delivery. A received
 * message stays invisible for `visibilityTimeoutMs`; unless it is deleted
 * (acknowledged) in that time it becomes visible again. After `maxReceives`
 * it goes to the dead-letter list instead.
 */
import { randomUUID } from 'node:crypto';
import type { IngestMessage, JobQueue } from '#lib/ports.ts';

export interface LocalQueueOptions {
  visibilityTimeoutMs: number;
  maxReceives: number;
  now: () => number;
}

export interface ReceivedMessage {
  messageId: string;
  body: string;
  receiveCount: number;
}

interface Stored {
  messageId: string;
  body: string;
  receiveCount: number;
  visibleAt: number;
}

const defaults: LocalQueueOptions = { visibilityTimeoutMs: 60_000, maxReceives: 5, now: () => Date.now() };

/** Ingest messages by default; any job kind (report jobs, webhook deliveries) the same way. */
export class LocalQueue<T = IngestMessage> implements JobQueue<T> {
  private readonly options: LocalQueueOptions;
  private readonly messages = new Map<string, Stored>();
  readonly deadLetters: ReceivedMessage[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(options: Partial<LocalQueueOptions> = {}) {
    this.options = { ...defaults, ...options };
  }

  /** `delaySeconds` keeps the messages invisible that long, as SQS's DelaySeconds does. */
  async send(messages: T[], options: { delaySeconds?: number } = {}): Promise<void> {
    for (const message of messages) {
      const messageId = randomUUID();
      this.messages.set(messageId, {
        messageId,
        body: JSON.stringify(message),
        receiveCount: 0,
        visibleAt: this.options.now() + Math.max(0, options.delaySeconds ?? 0) * 1000,
      });
    }
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` whenever messages arrive (the poller wakes up instead of waiting). */
  onSend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  receive(max: number): ReceivedMessage[] {
    const now = this.options.now();
    const out: ReceivedMessage[] = [];
    for (const stored of this.messages.values()) {
      if (out.length >= max) break;
      if (stored.visibleAt > now) continue;
      if (stored.receiveCount >= this.options.maxReceives) {
        this.messages.delete(stored.messageId);
        this.deadLetters.push({
          messageId: stored.messageId,
          body: stored.body,
          receiveCount: stored.receiveCount,
        });
        continue;
      }
      stored.receiveCount++;
      stored.visibleAt = now + this.options.visibilityTimeoutMs;
      out.push({ messageId: stored.messageId, body: stored.body, receiveCount: stored.receiveCount });
    }
    return out;
  }

  delete(messageId: string): void {
    this.messages.delete(messageId);
  }

  /** Messages not yet deleted, visible or in flight. */
  get depth(): number {
    return this.messages.size;
  }
}
