import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { HandlerRef } from '../../shared/runtime/manifest.ts';
import type { LambdaLogger } from './platform-log.ts';
import { md5, type LocalQueue, type ReceivedMessage } from './local-queue.ts';
import type { LocalLambdaRuntime } from './lambda-runtime.ts';

export interface QueuePollerOptions {
  functionName: string;
  queue: LocalQueue;
  handler: HandlerRef;
  batchSize: number;
  runtime: LocalLambdaRuntime;
  log: LambdaLogger;
  /** How often to look for messages whose visibility timeout has passed. */
  pollIntervalMs: number;
  /** Batches handled at once (Lambda would scale out; one process keeps it modest). */
  concurrency: number;
  /** Pause before the next batch, in ms (0: none); lets intake go first while the queue holds the work. */
  pauseBetweenBatches?: () => number;
  /** Hears of every SQS request the poller makes: a receive (empty or not, with its payload) or a batch delete. */
  onRequest?: (request: { kind: 'receive'; messages: number; bytes: number } | { kind: 'delete'; messages: number }) => void;
}

/**
 * Lambda's SQS event source mapping in process: receives batches, invokes the handler, deletes
 * what succeeded and leaves `batchItemFailures` (or the whole batch, if the handler threw) to
 * reappear after the visibility timeout (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
 */
export class QueuePoller {
  private running = 0;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly idle = new Set<() => void>();
  private resumeAt = 0;
  private resumeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: QueuePollerOptions) {}

  start(): void {
    this.unsubscribe = this.options.queue.onMessages(() => this.pump());
    this.timer = setInterval(() => this.pump(), this.options.pollIntervalMs);
    this.pump();
  }

  /** Stops taking new batches and waits for the running ones to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.resumeTimer);
    this.unsubscribe?.();
    if (this.running > 0) await new Promise<void>((resolve) => this.idle.add(resolve));
  }

  private pump(): void {
    const wait = this.resumeAt - Date.now();
    if (wait > 0) {
      this.resumeTimer ??= setTimeout(() => {
        this.resumeTimer = undefined;
        this.pump();
      }, wait);
      return;
    }
    while (!this.stopped && this.running < this.options.concurrency) {
      const batch = this.options.queue.receive(this.options.batchSize);
      this.options.onRequest?.({ kind: 'receive', messages: batch.length, bytes: batch.reduce((n, b) => n + Buffer.byteLength(b.message.body), 0) });
      if (batch.length === 0) return;
      this.running++;
      void this.handle(batch).finally(() => {
        this.running--;
        this.resumeAt = Date.now() + (this.options.pauseBetweenBatches?.() ?? 0);
        if (this.running === 0) for (const resolve of this.idle) resolve();
        this.idle.clear();
        if (!this.stopped) setImmediate(() => this.pump());
      });
    }
  }

  private async handle(batch: ReceivedMessage[]): Promise<void> {
    const { queue, functionName } = this.options;
    const event: SQSEvent = {
      Records: batch.map(({ message, receiptHandle }) => ({
        messageId: message.id,
        receiptHandle,
        body: message.body,
        attributes: {
          ApproximateReceiveCount: String(message.receiveCount),
          SentTimestamp: String(message.sentAt),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
        },
        messageAttributes: {},
        md5OfBody: md5(message.body),
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:local:000000000000:${queue.name}`,
        awsRegion: 'local',
      })),
    };
    let failed: Set<string>;
    try {
      const response = (await this.options.runtime.invoke(functionName, this.options.handler, event)) as SQSBatchResponse | undefined;
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      this.options.log.error(functionName, 'invocation failed; the batch will be retried', error);
      failed = new Set(batch.map((b) => b.message.id));
    }
    const done = batch.filter((b) => !failed.has(b.message.id)).map((b) => b.receiptHandle);
    queue.delete(done);
    if (done.length > 0) this.options.onRequest?.({ kind: 'delete', messages: done.length });
  }
}
