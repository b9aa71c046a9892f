import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { detailSchema, type EventContract, type EventMetadata } from '../events/envelope.ts';
import { TTL_ATTRIBUTE } from '../store/table.ts';
import { fieldIssues } from './errors.ts';
import { inFlow, traced } from './tracing.ts';

/** A parsed event handed to a consumer, narrowed by its contract. */
export interface ConsumedEvent<C extends EventContract> {
  contract: C;
  /** The contract's detail-type: the discriminant a consumer switches on. */
  detailType: C['detailType'];
  metadata: EventMetadata;
  data: z.output<C['data']>;
}

/** The union of consumed events for a list of contracts, so a `switch (event.detailType)` narrows `data`. */
export type ConsumedEventOf<Cs extends readonly EventContract[]> = { [K in keyof Cs]: ConsumedEvent<Cs[K]> }[number];

/** An event that does not fit any contract the consumer accepts: never retried into success. */
export class PoisonEventError extends Error {
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'PoisonEventError';
  }
}

/** Idempotency records are kept as long as SQS can hold a message (14 days), so no redelivery slips through. */
export const IDEMPOTENCY_WINDOW_SECONDS = 14 * 24 * 3600;

export interface QueueHandlerOptions<Cs extends readonly EventContract[]> {
  logger: Logger;
  /** Subscription name: scopes the idempotency records of this consumer. */
  subscription: string;
  contracts: Cs;
  idempotency: { client: DynamoDBClient; tableName: string };
  /**
   * Why the consumer's own writes already make a second delivery change nothing (each keyed by the
   * event or guarded by what it tells): then no idempotency record is kept in front of it, which
   * would cost two writes per event for no gain. Without it, every event is handled once per
   * `metadata.eventId` through an idempotency record.
   */
  replaySafe?: string;
}

/**
 * Partitions a subscription's idempotency records are spread over (by the event id's hash): one
 * partition takes at most 1,000 writes a second, and each event costs a consumer two.
 */
export const IDEMPOTENCY_SHARDS = 16;

/** The partitions that hold a subscription's idempotency records. */
export function idempotencyPartitions(subscription: string): string[] {
  return Array.from({ length: IDEMPOTENCY_SHARDS }, (_, shard) => `idempotency#${subscription}#${shard}`);
}

/**
 * Powertools' DynamoDB persistence, its records spread over {@link idempotencyPartitions} instead of
 * one partition per subscription: the key Powertools makes ends in a hex hash of the event id.
 */
class ShardedPersistence extends DynamoDBPersistenceLayer {
  constructor(
    config: ConstructorParameters<typeof DynamoDBPersistenceLayer>[0],
    private readonly partitions: readonly string[],
  ) {
    super(config);
  }

  protected override getKey(idempotencyKey: string): Record<string, AttributeValue> {
    const shard = Number.parseInt(idempotencyKey.slice(-4), 16) % this.partitions.length;
    return { pk: { S: this.partitions[Number.isNaN(shard) ? 0 : shard]! }, sk: { S: idempotencyKey } };
  }
}

/**
 * The middy stack every SQS consumer uses: each record's EventBridge event is parsed against the
 * consumer's contracts (zod), handled at most once per `metadata.eventId` (Powertools idempotency
 * on the service's own table, unless the consumer is {@link QueueHandlerOptions.replaySafe}), and failures are reported per record (`batchItemFailures`) so one
 * poison message never fails its batch; it goes to the DLQ after `maxReceiveCount` receives.
 */
export function queueHandler<const Cs extends readonly EventContract[]>(
  options: QueueHandlerOptions<Cs>,
  consume: (event: ConsumedEventOf<Cs>) => Promise<void>,
) {
  const { logger } = options;
  const persistenceStore = new ShardedPersistence(
    {
      tableName: options.idempotency.tableName,
      awsSdkV3Client: options.idempotency.client,
      keyAttr: 'pk',
      sortKeyAttr: 'sk',
      expiryAttr: TTL_ATTRIBUTE,
    },
    idempotencyPartitions(options.subscription),
  );
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'metadata.eventId',
    expiresAfterSeconds: IDEMPOTENCY_WINDOW_SECONDS,
  });
  const consumeAndAnswer = async (_detail: { metadata: EventMetadata }, parsed: ConsumedEventOf<Cs>) => {
    await consume(parsed);
    return { done: true };
  };
  const consumeOnce =
    options.replaySafe === undefined ? makeIdempotent(consumeAndAnswer, { persistenceStore, config, keyPrefix: options.subscription }) : consumeAndAnswer;

  const processor = new BatchProcessor(EventType.SQS);
  const recordHandler = async (record: SQSRecord) => {
    const parsed = parseRecord(options.contracts, record);
    const log = { subscription: options.subscription, eventId: parsed.metadata.eventId, detailType: parsed.detailType };
    try {
      await inFlow(options.subscription, parsed.metadata.correlationId, () => consumeOnce({ metadata: parsed.metadata }, parsed));
      logger.debug('event consumed', log);
    } catch (error) {
      logger.warn('event not consumed', { ...log, errorName: (error as Error).name, errorMessage: (error as Error).message });
      throw error;
    }
  };

  return middy<SQSEvent, SQSBatchResponse>()
    .use(traced())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event: SQSEvent, context: Context) => {
      config.registerLambdaContext(context);
      const response = await processPartialResponse(event, recordHandler, processor, {
        context,
        throwOnFullBatchFailure: false,
      });
      return { batchItemFailures: response.batchItemFailures };
    });
}

function parseRecord<Cs extends readonly EventContract[]>(contracts: Cs, record: SQSRecord): ConsumedEventOf<Cs> {
  let event: { source?: unknown; 'detail-type'?: unknown; detail?: unknown };
  try {
    event = JSON.parse(record.body);
  } catch {
    throw new PoisonEventError('record body is not JSON');
  }
  const detailMajor = (event.detail as { metadata?: { schemaVersion?: string } } | undefined)?.metadata?.schemaVersion?.split('.')[0];
  const contract = contracts.find((c) => c.source === event.source && c.detailType === event['detail-type'] && c.schemaVersion.split('.')[0] === detailMajor);
  if (!contract) throw new PoisonEventError(`no contract for ${String(event.source)} ${String(event['detail-type'])} v${detailMajor}`);
  const parsed = detailSchema(contract).safeParse(event.detail);
  if (!parsed.success) throw new PoisonEventError('event detail breaks its contract', fieldIssues(parsed.error));
  // The contract was found in `Cs` and the data parsed by its own schema: the pairing holds.
  return { contract, detailType: contract.detailType, metadata: parsed.data.metadata, data: parsed.data.data } as ConsumedEventOf<Cs>;
}
