import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { z } from 'zod';
import { TransientError } from './errors.ts';
import { validate } from './http.ts';
import { localEndpointConfig } from './local-endpoint.ts';
import { ENV, workQueueEnvVar } from './manifest.ts';
import { traced, tracedClient } from './tracing.ts';

/** Puts work on one of the service's own work queues (a manifest's `workQueues`). */
export interface WorkQueueSender {
  /** Sends each item as one message; all are on the queue when this returns. */
  send(items: readonly unknown[]): Promise<void>;
}

/** SQS takes at most ten messages per SendMessageBatch. */
const SQS_BATCH = 10;

/**
 * The {@link WorkQueueSender} of a service's work queue: SQS SendMessageBatch to the URL the stack
 * (or the local platform, with its loopback SQS emulation) puts in the environment.
 */
export function workQueueSender(service: string, queue: string, env: NodeJS.ProcessEnv = process.env): WorkQueueSender {
  let client: SQSClient | undefined;
  return {
    async send(items) {
      const variable = workQueueEnvVar(service, queue);
      const queueUrl = env[variable];
      if (!queueUrl) throw new Error(`${variable} is not set`);
      const local = env[ENV.queuesEndpoint];
      client ??= tracedClient(new SQSClient(local ? localEndpointConfig(local) : {}));
      for (let i = 0; i < items.length; i += SQS_BATCH) {
        const entries = items.slice(i, i + SQS_BATCH).map((item, j) => ({ Id: String(j), MessageBody: JSON.stringify(item) }));
        const { Failed = [] } = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
        if (Failed.length > 0) throw new TransientError(`${Failed.length} messages could not be queued (${Failed[0]?.Code ?? 'unknown'})`);
      }
    },
  };
}

/** One message of a work queue as its worker sees it. */
export interface WorkItem<T> {
  body: T;
  /** How often SQS has handed this message out, this time included. */
  receiveCount: number;
}

/**
 * The middy stack of a work queue's worker: each message's body is validated with zod and handled
 * on its own; a message that fails is reported in `batchItemFailures`, comes back after the
 * visibility timeout and moves to the DLQ after the queue's `maxReceiveCount` receives.
 */
export function workQueueHandler<S extends z.ZodType>(
  options: { logger: Logger; queue: string; body: S },
  run: (item: WorkItem<z.output<S>>) => Promise<void>,
) {
  return middy<SQSEvent, SQSBatchResponse>()
    .use(traced())
    .use(injectLambdaContext(options.logger, { resetKeys: true }))
    .handler(async (event: SQSEvent, _context: Context) => {
      const failures: SQSBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records) {
        try {
          const body = validate(options.body, JSON.parse(record.body), 'message');
          await run({ body, receiveCount: Number(record.attributes.ApproximateReceiveCount ?? 1) });
        } catch (error) {
          options.logger.warn('work item failed; it will be retried', {
            queue: options.queue,
            messageId: record.messageId,
            errorName: (error as Error).name,
            errorMessage: (error as Error).message,
          });
          failures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures: failures };
    });
}
