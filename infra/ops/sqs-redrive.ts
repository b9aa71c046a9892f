import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import type { CityDeadLetterQueue } from './city-queues.ts';

/** One message waiting in a dead-letter queue, and why it is there. Never its body: it may hold personal data. */
export interface DeadMessage {
  readonly messageId: string;
  /** The event's type and id, when the body is an EventBridge event. */
  readonly detailType?: string;
  readonly eventId?: string;
  readonly firstSentAt?: string;
  readonly receives: number;
  readonly reason: string;
}

/** A dead-letter queue of a deployed city with its depth and the messages it shows. */
export interface DeadLetterQueueReport {
  readonly name: string;
  readonly kind: CityDeadLetterQueue['kind'];
  readonly depth: number;
  readonly messages: readonly DeadMessage[];
}

/** The SQS calls the redrive needs: a client of the city's account and region (or a recorded exchange). */
export type Sqs = Pick<SQSClient, 'send'>;

/**
 * Lists each dead-letter queue's depth and up to `peek` of its messages with their failure reason.
 * Peeking receives with a visibility timeout of 0, so the messages stay where they are; a
 * dead-letter queue has no redrive policy of its own, so the extra receive moves nothing.
 */
export async function listDeadLetterQueues(sqs: Sqs, queues: readonly CityDeadLetterQueue[], peek = 10): Promise<DeadLetterQueueReport[]> {
  const reports: DeadLetterQueueReport[] = [];
  for (const queue of queues) {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queue.name }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    const depth = Number(Attributes?.ApproximateNumberOfMessages ?? 0);
    let messages: DeadMessage[] = [];
    if (depth > 0 && peek > 0) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl,
          MaxNumberOfMessages: Math.min(peek, 10),
          VisibilityTimeout: 0,
          MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
          MessageAttributeNames: ['All'],
        }),
      );
      messages = Messages.map((m) => deadMessage(queue, m));
    }
    reports.push({ name: queue.name, kind: queue.kind, depth, messages });
  }
  return reports;
}

/**
 * Why a message is dead: EventBridge says so in the attributes it adds to a rule target's DLQ
 * (`ERROR_CODE`, `ERROR_MESSAGE`); a consumer's failures are in its function's log, found by the
 * event id.
 */
function deadMessage(queue: CityDeadLetterQueue, message: Message): DeadMessage {
  const attribute = (name: string) => message.MessageAttributes?.[name]?.StringValue;
  const receives = Number(message.Attributes?.ApproximateReceiveCount ?? 0);
  const sent = message.Attributes?.SentTimestamp;
  let detailType: string | undefined;
  let eventId: string | undefined;
  try {
    const body = JSON.parse(message.Body ?? '') as { 'detail-type'?: string; detail?: { metadata?: { eventId?: string } } };
    detailType = body['detail-type'];
    eventId = body.detail?.metadata?.eventId;
  } catch {
    // Not an EventBridge event (a work item or a schedule's tick): the reason still says enough.
  }
  const reason =
    attribute('ERROR_CODE') !== undefined
      ? `EventBridge could not deliver it: ${attribute('ERROR_CODE')}${attribute('ERROR_MESSAGE') ? ` (${attribute('ERROR_MESSAGE')})` : ''}`
      : queue.kind === 'schedule'
        ? 'the scheduler could not invoke the function'
        : 'its consumer failed it on every receive: see the function log for the event id';
  return {
    messageId: message.MessageId ?? '',
    ...(detailType ? { detailType } : {}),
    ...(eventId ? { eventId } : {}),
    ...(sent ? { firstSentAt: new Date(Number(sent)).toISOString() } : {}),
    receives,
    reason,
  };
}

/**
 * What a redrive did: a dead-letter queue of SQS queues gets an SQS move task (progress:
 * `aws sqs list-message-move-tasks`); a rule target's DLQ, which SQS cannot redrive, is moved here,
 * message by message, and the count moved is known at once.
 */
export type Redriven =
  | { readonly taskHandle: string; readonly from: string; readonly to: 'source' }
  | { readonly moved: number; readonly from: string; readonly to: string };

/**
 * Moves a dead-letter queue's messages back: a consumer's or worker's DLQ with SQS
 * `StartMessageMoveTask` to the queues they failed in; a rule target's DLQ (whose messages EventBridge
 * could not deliver, and which SQS's move task refuses as no queue's DLQ) to the subscription queue,
 * by receiving, sending and deleting. A schedule's DLQ is refused: a missed tick is superseded by
 * the next one.
 */
export async function redriveDeadLetterQueue(sqs: Sqs, queue: CityDeadLetterQueue): Promise<Redriven> {
  if (queue.redriveTo === 'none') throw new Error(`${queue.name} holds missed schedule ticks: the next tick does their work, nothing to redrive`);
  if (queue.redriveTo === 'source') {
    const from = await queueArn(sqs, queue.name);
    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: from }));
    return { taskHandle: TaskHandle ?? '', from, to: 'source' };
  }
  const from = await queueUrl(sqs, queue.name);
  const to = await queueUrl(sqs, queue.redriveTo.queue);
  let moved = 0;
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: from, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }));
    if (Messages.length === 0) return { moved, from, to };
    const { Failed = [] } = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: to, Entries: Messages.map((m, i) => ({ Id: String(i), MessageBody: m.Body ?? '' })) }),
    );
    // Only what reached the subscription queue leaves the DLQ; the rest shows again after the visibility timeout.
    const sent = Messages.filter((_, i) => !Failed.some((f) => f.Id === String(i)));
    if (sent.length > 0) {
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: from, Entries: sent.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })) }));
    }
    moved += sent.length;
    if (Failed.length > 0)
      throw new Error(`${moved} moved, then ${Failed.length} could not be sent to ${queue.redriveTo.queue}: ${Failed[0]?.Code ?? 'unknown'}`);
  }
}

async function queueUrl(sqs: Sqs, name: string): Promise<string> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  if (!QueueUrl) throw new Error(`${name} has no URL`);
  return QueueUrl;
}

async function queueArn(sqs: Sqs, name: string): Promise<string> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: await queueUrl(sqs, name), AttributeNames: ['QueueArn'] }));
  if (!Attributes?.QueueArn) throw new Error(`${name} has no ARN`);
  return Attributes.QueueArn;
}
