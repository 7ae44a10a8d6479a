import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import { Alert, AlertState, emptyAlertState } from '#lib/domain/reports/alert.ts';
import { ReportRecord } from '#lib/domain/reports/record.ts';
import { BrandReportSettings } from '#lib/domain/reports/settings.ts';
import { DeliveryRecord, WebhookSubscription } from '#lib/domain/webhooks.ts';
import type { DueSchedule, ListOptions, Page, ReportStore } from '#lib/ports.ts';
import { type CursorCodec, queryBinding, tableCursorCodec } from './cursor.ts';
import { listDueBrands } from './due-index.ts';
import { type Key, keys } from './keys.ts';
import { CorruptRecordError, type StoredRecord } from './records.ts';

/** Delivery log entries expire after 30 days (TTL): a log to debug with, not an archive. */
export const DELIVERY_TTL_SECONDS = 30 * 24 * 3600;
/** Alerts are kept a year. */
export const ALERT_TTL_SECONDS = 366 * 24 * 3600;

const TABLE_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'type', 'expiresAt', 'version'];

function parse<T>(schema: z.ZodType<T>, entity: string, record: StoredRecord): T {
  const copy: StoredRecord = { ...record };
  for (const name of TABLE_ATTRIBUTES) delete copy[name];
  const result = schema.safeParse(copy);
  if (!result.success) throw new CorruptRecordError(entity, { cause: result.error });
  return result.data;
}

function isConditionFailure(error: unknown): boolean {
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).some(
      (r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict',
    );
  }
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** `20261130T083000123Z`: the prefix of time-ordered ids made at `at`. */
const idStamp = (at: Date) => at.toISOString().replace(/[-:.]/g, '');

export interface DynamoReportStoreOptions {
  tableName: string;
  dueShards: number;
}

export class DynamoReportStore implements ReportStore {
  private readonly cursors: CursorCodec;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly options: DynamoReportStoreOptions,
  ) {
    this.cursors = tableCursorCodec(doc, options.tableName);
  }

  private get table() {
    return this.options.tableName;
  }

  private async get(key: Key): Promise<StoredRecord | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    return out.Item;
  }

  private async page(input: Omit<QueryCommandInput, 'TableName'>, options: ListOptions) {
    const binding = queryBinding(input);
    const out = await this.doc.send(
      new QueryCommand({
        ...input,
        TableName: this.table,
        Limit: options.limit,
        ExclusiveStartKey: await this.cursors.decode(options.cursor, binding),
      }),
    );
    const cursor = await this.cursors.encode(out.LastEvaluatedKey, binding);
    return { records: out.Items ?? [], ...(cursor === undefined ? {} : { cursor }) };
  }

  // --- schedules and settings ----------------------------------------------------

  async getReportSettings(tenantId: string, brandId: string) {
    const record = await this.get(keys.reportSettings(tenantId, brandId));
    return record === undefined ? undefined : parse(BrandReportSettings, 'report settings', record);
  }

  async putReportSettings(
    tenantId: string,
    brandId: string,
    settings: BrandReportSettings,
    nextRunAt: Date | undefined,
  ): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.reportSettings(tenantId, brandId),
          // Sparse index: a disabled schedule is simply absent from it.
          ...(nextRunAt === undefined
            ? {}
            : keys.reportScheduleDue(tenantId, brandId, nextRunAt.toISOString(), this.options.dueShards)),
          type: 'report-settings',
          ...(nextRunAt === undefined ? {} : { nextRunAt: nextRunAt.toISOString() }),
          ...settings,
        },
      }),
    );
  }

  async listDueSchedules(now: Date, limit: number): Promise<DueSchedule[]> {
    return listDueBrands(this.doc, this.table, keys.reportDuePartition, this.options.dueShards, now, limit);
  }

  async leaseSchedule(due: DueSchedule, nextRunAt: Date): Promise<boolean> {
    const next = keys.reportScheduleDue(
      due.tenantId,
      due.brandId,
      nextRunAt.toISOString(),
      this.options.dueShards,
    );
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.reportSettings(due.tenantId, due.brandId),
          UpdateExpression: 'SET nextRunAt = :next, gsi1pk = :pk, gsi1sk = :sk',
          ConditionExpression: 'nextRunAt = :expected',
          ExpressionAttributeValues: {
            ':next': nextRunAt.toISOString(),
            ':pk': next.gsi1pk,
            ':sk': next.gsi1sk,
            ':expected': due.dueAt,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  // --- reports -------------------------------------------------------------------

  async putReport(record: ReportRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.report(record.tenantId, record.brandId, record.id), type: 'report', ...record },
      }),
    );
  }

  async getReport(tenantId: string, brandId: string, reportId: string) {
    const record = await this.get(keys.report(tenantId, brandId, reportId));
    return record === undefined ? undefined : parse(ReportRecord, 'report', record);
  }

  async listReports(tenantId: string, brandId: string, options: ListOptions): Promise<Page<ReportRecord>> {
    const { records, cursor } = await this.page(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.reportsPartition(tenantId, brandId),
          ':prefix': keys.reportPrefix,
        },
        ScanIndexForward: false,
      },
      options,
    );
    return {
      items: records.map((r) => parse(ReportRecord, 'report', r)),
      ...(cursor === undefined ? {} : { cursor }),
    };
  }

  // --- alerts --------------------------------------------------------------------

  async getAlertState(tenantId: string, brandId: string): Promise<AlertState> {
    const record = await this.get(keys.alertState(tenantId, brandId));
    if (record === undefined) return emptyAlertState();
    const stored =
      typeof record.state === 'object' && record.state !== null ? (record.state as StoredRecord) : {};
    const state = parse(AlertState, 'alert state', stored);
    return { ...state, version: typeof record.version === 'number' ? record.version : 0 };
  }

  async commitAlerts(
    tenantId: string,
    brandId: string,
    expectedVersion: number,
    state: AlertState,
    alerts: Alert[],
  ): Promise<boolean> {
    const { version: _ignored, ...body } = state;
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: {
                  ...keys.alertState(tenantId, brandId),
                  type: 'alert-state',
                  version: expectedVersion + 1,
                  state: body,
                },
                ConditionExpression:
                  expectedVersion === 0 ? 'attribute_not_exists(pk) OR version = :v' : 'version = :v',
                ExpressionAttributeValues: { ':v': expectedVersion },
              },
            },
            ...alerts.map((alert) => ({
              Put: {
                TableName: this.table,
                Item: {
                  ...keys.alert(tenantId, brandId, alert.id),
                  type: 'alert',
                  expiresAt: Math.floor(Date.parse(alert.raisedAt) / 1000) + ALERT_TTL_SECONDS,
                  ...alert,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            })),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async listAlerts(
    tenantId: string,
    brandId: string,
    options: ListOptions & { from?: Date; to?: Date },
  ): Promise<Page<Alert>> {
    const { records, cursor } = await this.page(
      {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.alertsPartition(tenantId, brandId),
          ...keys.alertWindow(
            options.from === undefined ? undefined : idStamp(options.from),
            options.to === undefined ? undefined : idStamp(options.to),
          ),
        },
        ScanIndexForward: false,
      },
      options,
    );
    return {
      items: records.map((r) => parse(Alert, 'alert', r)),
      ...(cursor === undefined ? {} : { cursor }),
    };
  }

  // --- webhooks ------------------------------------------------------------------

  async putWebhook(subscription: WebhookSubscription): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.webhook(subscription.tenantId, subscription.brandId, subscription.id),
          type: 'webhook',
          ...subscription,
        },
      }),
    );
  }

  async getWebhook(tenantId: string, brandId: string, webhookId: string) {
    const record = await this.get(keys.webhook(tenantId, brandId, webhookId));
    return record === undefined ? undefined : parse(WebhookSubscription, 'webhook', record);
  }

  async listWebhooks(tenantId: string, brandId: string): Promise<WebhookSubscription[]> {
    const out: WebhookSubscription[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.brandPartition(tenantId, brandId),
            ':prefix': keys.webhookPrefix,
          },
          ExclusiveStartKey: start,
        }),
      );
      out.push(...(page.Items ?? []).map((r) => parse(WebhookSubscription, 'webhook', r)));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return out;
  }

  async deleteWebhook(tenantId: string, brandId: string, webhookId: string): Promise<void> {
    await this.doc.send(
      new DeleteCommand({ TableName: this.table, Key: keys.webhook(tenantId, brandId, webhookId) }),
    );
  }

  async putDelivery(tenantId: string, brandId: string, record: DeliveryRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.delivery(
            tenantId,
            brandId,
            record.subscriptionId,
            record.at,
            record.deliveryId,
            record.attempt,
          ),
          type: 'delivery',
          expiresAt: Math.floor(Date.parse(record.at) / 1000) + DELIVERY_TTL_SECONDS,
          ...record,
        },
      }),
    );
  }

  async listDeliveries(
    tenantId: string,
    brandId: string,
    webhookId: string,
    options: ListOptions,
  ): Promise<Page<DeliveryRecord>> {
    const { records, cursor } = await this.page(
      {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.deliveriesPartition(tenantId, brandId, webhookId) },
        ScanIndexForward: false,
      },
      options,
    );
    return {
      items: records.map((r) => parse(DeliveryRecord, 'delivery', r)),
      ...(cursor === undefined ? {} : { cursor }),
    };
  }
}
